import { randomBytes } from "node:crypto";
import { Types } from "mongoose";
import { AppError, conflict, forbidden, notFound } from "../errors";
import { requireAuthenticated, type Actor } from "../auth/actor";
import type { AccessEpoch } from "../auth/access-epoch";
import { isDuplicateKey, parseId } from "../platform/ids";
import { getOrganization } from "../organizations/organizations.service";
import type { OrganizationRecord } from "../organizations/organization.model";
import { User, type UserRecord, type UserRole } from "./user.model";
import type { CreateUserInput, UserAnswer } from "./accounts.schemas";
import type { SessionStore } from "./sessions";
import { forgetUser } from "./session-auth";

export function presentUser(user: UserRecord): UserAnswer {
  return {
    id: user._id.toString(),
    email: user.email,
    name: user.name,
    role: user.role,
    orgId: user.orgId.toString(),
    hasPassword: Boolean(user.passwordHash),
    createdAt: user.createdAt.toISOString(),
  };
}

/** The platform admin, or an admin user of the organisation. */
export function requireOrganizationAdmin(actor: Actor, orgId: string): void {
  requireAuthenticated(actor);
  if (actor.type === "admin") return;
  if (actor.type === "organization" && actor.orgId === orgId && actor.userRole === "admin") return;
  throw forbidden("Only the organisation's administrators (or the platform admin) may do this");
}

export async function activeOrganization(orgId: string): Promise<OrganizationRecord> {
  const org = await getOrganization(orgId);
  if (org.active === false) throw conflict("The organisation is deactivated");
  return org;
}

/** Creates a user; the unique index on `email` is the claim, so two racing creations of one address: one wins. */
export async function insertUser(fields: {
  email: string;
  name: string;
  role: UserRole;
  orgId: Types.ObjectId;
  passwordHash?: string;
}): Promise<UserRecord> {
  try {
    const user = await User.create({ ...fields, _id: new Types.ObjectId(randomBytes(12).toString("hex")) });
    return user.toObject() as UserRecord;
  } catch (error) {
    if (isDuplicateKey(error))
      throw new AppError("conflict", "A user with this e-mail address exists", {
        issues: [{ path: "email", message: "is already a user's address" }],
      });
    throw error;
  }
}

/** The platform admin's creation of a user (the first administrator of an organisation, typically). */
export async function createUser(orgId: string, input: CreateUserInput): Promise<UserAnswer> {
  const org = await activeOrganization(orgId);
  return presentUser(await insertUser({ ...input, orgId: org._id }));
}

export async function listUsers(actor: Actor, orgId: string) {
  requireOrganizationAdmin(actor, orgId);
  const org = await getOrganization(orgId);
  const users = await User.find({ orgId: org._id }).sort({ email: 1 }).lean<UserRecord[]>();
  return { items: users.map(presentUser), total: users.length };
}

export async function findUserByEmail(email: string): Promise<UserRecord | null> {
  return User.findOne({ email }).lean<UserRecord>();
}

/**
 * Removes a user (an administrator of its organisation, the platform admin, or the user itself) and ends its
 * sessions in every API process: the access epoch changes before (so an unreachable Redis refuses the
 * removal) and after the database write.
 */
export async function deleteUser(
  actor: Actor,
  orgId: string,
  userId: string,
  deps: { sessions: SessionStore; epoch: AccessEpoch },
): Promise<void> {
  requireAuthenticated(actor);
  const self = actor.type === "organization" && actor.userId === userId && actor.orgId === orgId;
  if (!self) requireOrganizationAdmin(actor, orgId);
  const org = await getOrganization(orgId);
  const user = await User.findById(parseId(userId, "user")).lean<UserRecord>();
  if (!user || !user.orgId.equals(org._id)) throw notFound("User");
  await deps.epoch.bump();
  await User.deleteOne({ _id: user._id });
  forgetUser(userId);
  await deps.sessions.endForUser(userId);
  await deps.epoch.bump();
}

/** Ends the sessions of every user of the organisation (it was deactivated). */
export async function endOrganizationSessions(orgId: string, sessions: SessionStore): Promise<void> {
  const users = await User.find({ orgId: parseId(orgId, "organization") }, { _id: 1 }).lean();
  for (const user of users) {
    forgetUser(user._id.toString());
    await sessions.endForUser(user._id.toString());
  }
}
