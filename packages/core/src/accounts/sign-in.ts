/**
 * Signing in: by a single-use link e-mailed on request, by accepting an invitation, or by password. Each
 * ends in a new session (sessions.ts); what the route answers is `{ user, csrfToken }` and the cookie.
 */
import { AppError } from "../errors";
import { Organization, type OrganizationRecord } from "../organizations/organization.model";
import type { Logger } from "../logger";
import { User, type UserRecord } from "./user.model";
import type { AcceptInvitationInput, SessionAnswer } from "./accounts.schemas";
import { findUserByEmail, insertUser } from "./accounts.service";
import { consumeAccountToken, issueAccountToken, peekAccountToken } from "./tokens";
import { sendAccountMail, signInMail, type AccountMailSettings } from "./mail";
import { checkPassword, hashPassword } from "./passwords";
import type { SessionRecord, SessionStore } from "./sessions";
import { forgetUser, type SignedIn, type UserActor } from "./session-auth";

export interface StartedSession {
  id: string;
  answer: SessionAnswer;
}

export function presentSession(
  user: Pick<UserRecord, "_id" | "email" | "name" | "role">,
  org: Pick<OrganizationRecord, "_id" | "name" | "kind">,
  session: Pick<SessionRecord, "csrfToken">,
): SessionAnswer {
  return {
    user: {
      id: user._id.toString(),
      email: user.email,
      name: user.name,
      role: user.role,
      orgId: org._id.toString(),
      orgName: org.name,
      orgKind: org.kind,
    },
    csrfToken: session.csrfToken,
  };
}

/** GET /auth/session: the signed-in user as the session's actor has them. */
export const presentSignedIn = ({ actor, person, session }: SignedIn): SessionAnswer => ({
  user: {
    id: actor.userId,
    email: person.email,
    name: person.name,
    role: actor.userRole ?? "member",
    orgId: actor.orgId,
    orgName: actor.name,
    orgKind: actor.kind,
  },
  csrfToken: session.csrfToken,
});

const refused = (message: string) => new AppError("unauthenticated", message);

async function activeOrgOf(user: UserRecord): Promise<OrganizationRecord | undefined> {
  const org = await Organization.findById(user.orgId).lean<OrganizationRecord>();
  return org && org.active !== false ? org : undefined;
}

async function startSession(
  user: UserRecord,
  org: OrganizationRecord,
  sessions: SessionStore,
): Promise<StartedSession> {
  const { id, record } = await sessions.create(user._id.toString(), org._id.toString());
  return { id, answer: presentSession(user, org, record) };
}

/**
 * POST /auth/magic-link: e-mails a sign-in link when the address is a user's whose organisation is active,
 * and otherwise does nothing; the route answers 202 either way and runs this after answering, so neither
 * the answer nor its timing tells whether the address has an account.
 */
export async function requestSignInLink(email: string, mail: AccountMailSettings, logger: Logger): Promise<void> {
  const user = await findUserByEmail(email);
  if (!user || !(await activeOrgOf(user))) return;
  const { token } = await issueAccountToken({ purpose: "sign-in", email, orgId: user.orgId, userId: user._id });
  try {
    await sendAccountMail(mail, signInMail(mail, user.email, user.name, token));
  } catch (err) {
    logger.warn({ err, userId: user._id.toString() }, "sign-in link not sent");
  }
}

/** POST /auth/magic-link/verify: uses the link (once) and starts a session. */
export async function verifySignInLink(token: string, sessions: SessionStore): Promise<StartedSession> {
  const record = await consumeAccountToken(token, "sign-in");
  const user = record?.userId ? await User.findById(record.userId).lean<UserRecord>() : null;
  const org = user ? await activeOrgOf(user) : undefined;
  if (!user || !org) throw refused("The sign-in link is unknown, used or expired; ask for a new one");
  return startSession(user, org, sessions);
}

/** POST /auth/invitations/accept: creates the invited user (once) and starts a session. */
export async function acceptInvitation(input: AcceptInvitationInput, sessions: SessionStore): Promise<StartedSession> {
  const invalidLink = () => refused("The invitation is unknown, used or expired; ask for a new one");
  const invitation = await peekAccountToken(input.token, "invitation");
  if (!invitation) throw invalidLink();
  const name = input.name ?? invitation.name;
  if (!name)
    throw new AppError("invalid", "The invitation names no one: give your name", {
      issues: [{ path: "name", message: "is required for this invitation" }],
    });
  const org = await Organization.findById(invitation.orgId).lean<OrganizationRecord>();
  if (!org || org.active === false) throw invalidLink();
  // Hashed before the claim: a slow hash after it would hold a used invitation without its user.
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  if (!(await consumeAccountToken(input.token, "invitation"))) throw invalidLink();
  const user = await insertUser({
    email: invitation.email,
    name,
    role: invitation.role ?? "member",
    orgId: org._id,
    passwordHash,
  });
  return startSession(user, org, sessions);
}

/** POST /auth/password-sign-in: an unknown address, a user without password and a wrong one answer alike. */
export async function passwordSignIn(email: string, password: string, sessions: SessionStore): Promise<StartedSession> {
  const user = await findUserByEmail(email);
  const matches = await checkPassword(user?.passwordHash, password);
  const org = user && matches ? await activeOrgOf(user) : undefined;
  if (!user || !org) throw refused("The e-mail address or the password is wrong");
  return startSession(user, org, sessions);
}

/**
 * PUT /auth/password: the signed-in user sets or changes its password; its other sessions end (whoever
 * knew the old password, or holds another session, is signed out), the one it was set from goes on.
 */
export async function setPassword(
  actor: UserActor,
  password: string,
  current: { sessionId: string; sessions: SessionStore },
): Promise<void> {
  const passwordHash = await hashPassword(password);
  const done = await User.updateOne({ _id: actor.userId }, { $set: { passwordHash } });
  if (done.matchedCount === 0) throw refused("The user no longer exists");
  forgetUser(actor.userId);
  await current.sessions.endForUser(actor.userId, current.sessionId);
}
