/** Invitations to an organisation: sent by its administrators, listed and withdrawn by them. */
import { AppError, notFound } from "../errors";
import type { Actor } from "../auth/actor";
import { isDuplicateKey } from "../platform/ids";
import { getOrganization } from "../organizations/organizations.service";
import { AccountToken, AccountTokenUse, User, type AccountTokenRecord } from "./user.model";
import type { InvitationAnswer, InvitationInput } from "./accounts.schemas";
import { activeOrganization, findUserByEmail, requireOrganizationAdmin } from "./accounts.service";
import { invitationIdOf, issueAccountToken } from "./tokens";
import { invitationMail, sendAccountMail, type AccountMailSettings } from "./mail";

const presentInvitation = (record: AccountTokenRecord): InvitationAnswer => ({
  id: invitationIdOf(record._id),
  email: record.email,
  name: record.name ?? undefined,
  role: record.role ?? "member",
  orgId: record.orgId.toString(),
  expiresAt: record.expiresAt.toISOString(),
});

/** Who the e-mail says invited: the user by name, else the organisation, else the platform. */
async function inviterName(actor: Actor): Promise<string> {
  if (actor.type !== "organization") return "Administratoren av Markedsdialog";
  const user = actor.userId ? await User.findById(actor.userId, { name: 1 }).lean() : null;
  return user ? `${user.name} (${actor.name})` : actor.name;
}

/**
 * Invites someone to the organisation: stores a single-use token (its hash) valid for 7 days and e-mails the
 * link. An address that is already a user's is refused (409); inviting again sends a new link, and the
 * first accepted of them creates the user.
 */
export async function inviteUser(
  actor: Actor,
  orgId: string,
  input: InvitationInput,
  mail: AccountMailSettings,
): Promise<InvitationAnswer> {
  requireOrganizationAdmin(actor, orgId);
  const org = await activeOrganization(orgId);
  if (await findUserByEmail(input.email))
    throw new AppError("conflict", "A user with this e-mail address exists", {
      issues: [{ path: "email", message: "is already a user's address" }],
    });
  if (!mail.smtpUrl) throw new AppError("unavailable", "Invitations cannot be sent: SMTP_URL is not configured");
  const { token, record } = await issueAccountToken({
    purpose: "invitation",
    email: input.email,
    orgId: org._id,
    role: input.role,
    name: input.name,
    invitedBy: actor.type === "organization" ? (actor.userId ?? actor.orgId) : "admin",
  });
  const by = await inviterName(actor);
  await sendAccountMail(
    mail,
    invitationMail(mail, { to: input.email, name: input.name, orgName: org.name, invitedBy: by, token }),
  );
  return presentInvitation(record);
}

/** The organisation's invitations that can still be accepted (unused, unexpired), oldest first. */
async function openInvitations(actor: Actor, orgId: string): Promise<AccountTokenRecord[]> {
  requireOrganizationAdmin(actor, orgId);
  const org = await getOrganization(orgId);
  const now = Date.now();
  const tokens = (
    await AccountToken.find({ orgId: org._id }).sort({ createdAt: 1 }).lean<AccountTokenRecord[]>()
  ).filter((t) => t.purpose === "invitation" && t.expiresAt.getTime() > now);
  if (tokens.length === 0) return [];
  const used = new Set(
    (await AccountTokenUse.find({ _id: { $in: tokens.map((t) => t._id) } }, { _id: 1 }).lean()).map((u) => u._id),
  );
  return tokens.filter((t) => !used.has(t._id));
}

export async function listInvitations(actor: Actor, orgId: string) {
  const items = (await openInvitations(actor, orgId)).map(presentInvitation);
  return { items, total: items.length };
}

/** Withdraws an open invitation: its use is claimed, as an acceptance would, so the link stops working. */
export async function withdrawInvitation(actor: Actor, orgId: string, invitationId: string): Promise<void> {
  const invitation = (await openInvitations(actor, orgId)).find((t) => invitationIdOf(t._id) === invitationId);
  if (!invitation) throw notFound("Invitation");
  try {
    await AccountTokenUse.create({ _id: invitation._id, at: new Date() });
  } catch (error) {
    if (isDuplicateKey(error)) throw notFound("Invitation"); // accepted a moment ago
    throw error;
  }
}
