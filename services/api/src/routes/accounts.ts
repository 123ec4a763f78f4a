import { z } from "zod";
import {
  createUser,
  createUserSchema,
  deleteUser,
  invitationAnswer,
  invitationSchema,
  inviteUser,
  listUsers,
  userAnswer,
  userListAnswer,
} from "@markedsdialog/core";
import { route } from "../http/route";
import { accountMail } from "./sign-in";

const tag = "Accounts";
const orgParams = z.strictObject({ id: z.string() });

/** Users of an organisation: created by the platform admin, invited by the organisation's administrators. */
export const accountRoutes = [
  route({
    method: "post",
    path: "/organizations/:id/users",
    operationId: "createUser",
    summary: "Create a user of an organisation (its first administrator, typically); they sign in by e-mailed link",
    tag,
    access: "admin",
    params: orgParams,
    body: createUserSchema,
    status: 201,
    errors: [404, 409],
    response: userAnswer,
    handle: async ({ params, body }) => createUser(params.id, body),
  }),
  route({
    method: "post",
    path: "/organizations/:id/invitations",
    operationId: "inviteUser",
    summary: "Invite someone to the organisation: e-mails a link (`/invitasjon?token=…`), single-use, valid 7 days",
    description:
      "The organisation's administrators (signed in) or the platform admin. An address already a user's: 409.",
    tag,
    access: "authenticated",
    params: orgParams,
    body: invitationSchema,
    status: 201,
    errors: [403, 404, 409, 503],
    response: invitationAnswer,
    handle: async ({ actor, params, body, ctx }) => inviteUser(actor, params.id, body, accountMail(ctx)),
  }),
  route({
    method: "get",
    path: "/organizations/:id/users",
    operationId: "listUsers",
    summary: "The organisation's users",
    description: "The organisation's administrators (signed in) or the platform admin.",
    tag,
    access: "authenticated",
    params: orgParams,
    errors: [403, 404],
    response: userListAnswer,
    handle: async ({ actor, params }) => listUsers(actor, params.id),
  }),
  route({
    method: "delete",
    path: "/organizations/:id/users/:userId",
    operationId: "deleteUser",
    summary: "Remove a user; its sessions end at once in every API process",
    description: "The organisation's administrators, the user itself, or the platform admin.",
    tag,
    access: "authenticated",
    params: z.strictObject({ id: z.string(), userId: z.string() }),
    status: 204,
    errors: [403, 404, 503],
    handle: async ({ actor, params, ctx }) =>
      deleteUser(actor, params.id, params.userId, { sessions: ctx.sessions, epoch: ctx.accessEpoch }),
  }),
];
