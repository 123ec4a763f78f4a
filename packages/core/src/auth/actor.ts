import { forbidden, AppError } from "../errors";
import type { OrganizationKind } from "../organizations/organization.model";
import type { UserRole } from "../accounts/user.model";

/**
 * Who is calling: the platform admin, an organisation through one of its API keys or one of its users
 * (a session cookie: then also `userId` and `userRole`, and every rule for the organisation applies), or nobody.
 */
export type Actor =
  | { type: "admin" }
  | {
      type: "organization";
      orgId: string;
      kind: OrganizationKind;
      name: string;
      userId?: string;
      userRole?: UserRole;
      /** The access epoch (access-epoch.ts) read before its name and state were, when Redis could say. */
      epoch?: string;
    }
  | { type: "anonymous" };

export const isAdmin = (actor: Actor): boolean => actor.type === "admin";

export function requireAuthenticated(actor: Actor): asserts actor is Exclude<Actor, { type: "anonymous" }> {
  if (actor.type === "anonymous")
    throw new AppError("unauthenticated", "This needs an API key (Authorization: Bearer …) or a signed-in session");
}

export function requireAdmin(actor: Actor): void {
  requireAuthenticated(actor);
  if (actor.type !== "admin") throw forbidden("Only the platform administrator may do this");
}

/** The organisation acting, which must be of one of the given kinds. */
export function requireOrganization(actor: Actor, kinds: OrganizationKind[]): Extract<Actor, { type: "organization" }> {
  requireAuthenticated(actor);
  if (actor.type !== "organization" || !kinds.includes(actor.kind)) {
    throw forbidden(`Only ${kinds.join(" or ")} organisations may do this`);
  }
  return actor;
}

/** The owning organisation or the admin may change a record. */
export function requireOwnerOrAdmin(actor: Actor, ownerId: string, what: string): void {
  requireAuthenticated(actor);
  if (actor.type === "admin") return;
  if (actor.type !== "organization" || actor.orgId !== ownerId)
    throw forbidden(`Only the owner may change this ${what}`);
}

export const actorOrgId = (actor: Actor): string | undefined =>
  actor.type === "organization" ? actor.orgId : undefined;
