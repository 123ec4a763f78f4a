import type { Actor } from "../auth/actor";
import type { AccessEpoch } from "../auth/access-epoch";
import { Organization, type OrganizationRecord } from "../organizations/organization.model";
import { User, type UserRecord } from "./user.model";
import type { SessionRecord, SessionStore } from "./sessions";

export type UserActor = Extract<Actor, { type: "organization" }> & { userId: string };

/**
 * Users this process has looked up, with the access epoch read before the lookup, as authenticate.ts keeps
 * API keys: a session's request is then one GETEX (the session) and one GET (the epoch). Deleting a user or
 * deactivating or renaming its organisation changes the epoch, so every process looks it up again.
 */
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 10_000;
interface Known {
  actor: UserActor;
  person: { email: string; name: string };
  epoch: string;
  at: number;
}
const known = new Map<string, Known>();

/** The actor a user acts as: its organisation's, as that organisation's API key would give, plus the user. */
export const userActor = (user: UserRecord, org: OrganizationRecord): UserActor => ({
  type: "organization",
  orgId: org._id.toString(),
  kind: org.kind,
  name: org.name,
  userId: user._id.toString(),
  userRole: user.role,
});

async function lookUp(userId: string, epoch: string | undefined) {
  known.delete(userId);
  const user = await User.findById(userId).lean<UserRecord>();
  if (!user) return undefined;
  const org = await Organization.findById(user.orgId).lean<OrganizationRecord>();
  if (!org || org.active === false) return undefined;
  const person = { email: user.email, name: user.name };
  const entry: Known = { actor: userActor(user, org), person, epoch: epoch ?? "", at: Date.now() };
  if (epoch !== undefined) {
    if (known.size >= MAX_ENTRIES) known.clear();
    known.set(userId, entry);
  }
  return entry;
}

export interface SignedIn {
  actor: UserActor;
  person: { email: string; name: string };
  session: SessionRecord;
}

/** Forgets what this process remembers of a user (its own changes; other processes follow the epoch). */
export const forgetUser = (userId: string): boolean => known.delete(userId);

/**
 * Resolves a session cookie to its actor and session, or undefined when the session is unknown or expired,
 * its user deleted or its organisation deactivated (the session is then ended). Fails with `unavailable`
 * when Redis cannot be reached.
 */
export async function authenticateSession(
  sessionId: string,
  sessions: SessionStore,
  epoch: AccessEpoch,
): Promise<SignedIn | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return undefined;
  const session = await sessions.read(sessionId);
  if (!session) return undefined;
  const epochNow = await epoch.read();
  const remembered = known.get(session.userId);
  const trusted =
    remembered !== undefined &&
    epochNow !== undefined &&
    remembered.epoch === epochNow &&
    Date.now() - remembered.at <= MAX_AGE_MS;
  const found = trusted ? remembered : await lookUp(session.userId, epochNow);
  if (!found || found.actor.orgId !== session.orgId) {
    await sessions.end(sessionId);
    return undefined;
  }
  return { actor: found.actor, person: found.person, session };
}
