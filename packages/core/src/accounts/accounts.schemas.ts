import { z } from "zod";
import { idAnswer, timestampAnswer } from "../shared/answers";
import { textSchema } from "../shared/schemas";
import { ORGANIZATION_KINDS } from "../organizations/organization.model";
import { USER_ROLES } from "./user.model";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./passwords";

/** Compared and stored lower-cased: one address, one user. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email().max(320))
  .meta({ description: "E-mail address; compared and stored in lower case", examples: ["innkjoper@nordrefollo.demo"] });

const personName = textSchema({ min: 1, max: 200 });
const role = z.enum(USER_ROLES).meta({ description: "`admin` invites and removes colleagues; `member` does not" });

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH)
  .meta({ description: `At least ${PASSWORD_MIN_LENGTH} characters`, format: "password" });

/** A token from an e-mailed link (`?token=…`). */
export const linkTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{20,100}$/, "is not a token from a link")
  .meta({ description: "The `token` of the link in the e-mail" });

export const createUserSchema = z
  .strictObject({ email: emailSchema, name: personName, role })
  .meta({ id: "UserInput" });
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const invitationSchema = z
  .strictObject({ email: emailSchema, name: personName.optional(), role })
  .meta({ id: "InvitationInput" });
export type InvitationInput = z.infer<typeof invitationSchema>;

export const acceptInvitationSchema = z
  .strictObject({
    token: linkTokenSchema,
    name: personName.optional().meta({ description: "Required when the invitation names no one" }),
    password: passwordSchema.optional().meta({ description: "Optional; sign-in by e-mailed link works without" }),
  })
  .meta({ id: "InvitationAcceptance" });
export type AcceptInvitationInput = z.infer<typeof acceptInvitationSchema>;

export const magicLinkRequestSchema = z.strictObject({ email: emailSchema }).meta({ id: "SignInLinkRequest" });
/** The same answer whether or not the address has an account. */
export const magicLinkRequestedAnswer = z
  .strictObject({
    accepted: z.literal(true),
    message: z.string().meta({ description: "A link is e-mailed if the address is a user's; it works for 15 minutes" }),
  })
  .meta({ id: "SignInLinkRequested" });

export const magicLinkVerifySchema = z.strictObject({ token: linkTokenSchema }).meta({ id: "SignInLinkUse" });
export const passwordSignInSchema = z
  .strictObject({ email: emailSchema, password: z.string().min(1).max(PASSWORD_MAX_LENGTH) })
  .meta({ id: "PasswordSignIn" });
export const setPasswordSchema = z.strictObject({ password: passwordSchema }).meta({ id: "PasswordInput" });

export const userAnswer = z
  .strictObject({
    id: idAnswer,
    email: z.string(),
    name: z.string(),
    role,
    orgId: idAnswer,
    hasPassword: z.boolean(),
    createdAt: timestampAnswer,
  })
  .meta({ id: "User" });
export type UserAnswer = z.infer<typeof userAnswer>;

export const userListAnswer = z
  .strictObject({ items: z.array(userAnswer), total: z.int().min(0) })
  .meta({ id: "UserList" });

export const invitationAnswer = z
  .strictObject({
    id: z.string().meta({ description: "The invitation's id (not its token, which only the e-mail has)" }),
    email: z.string(),
    name: z.string().optional(),
    role,
    orgId: idAnswer,
    expiresAt: timestampAnswer,
  })
  .meta({ id: "Invitation" });
export type InvitationAnswer = z.infer<typeof invitationAnswer>;

export const invitationListAnswer = z
  .strictObject({ items: z.array(invitationAnswer), total: z.int().min(0) })
  .meta({ id: "InvitationList" });

/** The signed-in person, as the web app shows them. */
export const sessionUserAnswer = z
  .strictObject({
    id: idAnswer,
    email: z.string(),
    name: z.string(),
    role,
    orgId: idAnswer,
    orgName: z.string(),
    orgKind: z.enum(ORGANIZATION_KINDS),
  })
  .meta({ id: "SessionUser" });

export const sessionAnswer = z
  .strictObject({
    user: sessionUserAnswer,
    csrfToken: z.string().meta({ description: "Send as `X-CSRF-Token` with every write made with the cookie" }),
  })
  .meta({ id: "Session" });
export type SessionAnswer = z.infer<typeof sessionAnswer>;
