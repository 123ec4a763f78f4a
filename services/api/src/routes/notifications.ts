import { z } from "zod";
import {
  inboxAnswer,
  inboxItemReadAnswer,
  inboxQuerySchema,
  listInbox,
  markInboxRead,
  needNotifications,
  needNotificationsAnswer,
  needNotificationsCsv,
  unsubscribe,
  unsubscribeAnswer,
  unsubscribeStatus,
} from "@markedsdialog/core";
import { route } from "../http/route";
import { sendCsv } from "../http/printable";

const idParams = z.strictObject({ id: z.string() });
const itemParams = z.strictObject({ id: z.string().min(1).max(200) });
const tokenParams = z.strictObject({ token: z.string().min(1).max(300) });

export const notificationRoutes = [
  route({
    method: "get",
    path: "/needs/:id/notifications.csv",
    operationId: "getNeedNotificationsCsv",
    summary: "The need's notification record as CSV (formula-like cells neutralised with a leading ')",
    tag: "Notifications",
    access: "authenticated",
    params: idParams,
    responseType: "text/csv",
    responseDescription: "One row per delivery",
    errors: [403, 404],
    handle: async ({ actor, params, res }) => {
      return sendCsv(res, await needNotificationsCsv(actor, params.id), `notifications-${params.id}.csv`);
    },
  }),
  route({
    method: "get",
    path: "/needs/:id/notifications",
    operationId: "getNeedNotifications",
    summary: "Whom the need was sent to, over which channel, when, with which content (its buyer and the admin)",
    description:
      "Equal treatment: every recipient of a version gets the same content (`contentHash`); `versions` gives each version's first and last send and the spread between them.",
    tag: "Notifications",
    access: "authenticated",
    params: idParams,
    response: needNotificationsAnswer,
    errors: [403, 404],
    handle: async ({ actor, params }) => needNotifications(actor, params.id),
  }),
  route({
    method: "get",
    path: "/inbox",
    operationId: "getInbox",
    summary: "The calling supplier's in-app notifications, newest first, with the unread count",
    tag: "Notifications",
    access: "authenticated",
    query: inboxQuerySchema,
    response: inboxAnswer,
    errors: [403],
    handle: async ({ actor, query }) => listInbox(actor, query),
  }),
  route({
    method: "post",
    path: "/inbox/:id/read",
    operationId: "markInboxItemRead",
    summary: "Mark one of the calling supplier's inbox items read",
    tag: "Notifications",
    access: "authenticated",
    params: itemParams,
    response: inboxItemReadAnswer,
    errors: [403, 404],
    handle: async ({ actor, params }) => markInboxRead(actor, params.id),
  }),
  route({
    method: "get",
    path: "/unsubscribe/:token",
    operationId: "getUnsubscribe",
    summary: "Whether the supplier an e-mail's unsubscribe link names gets e-mail notifications (changes nothing)",
    tag: "Notifications",
    access: "public",
    params: tokenParams,
    response: unsubscribeAnswer,
    errors: [400],
    handle: async ({ params, ctx }) => unsubscribeStatus(ctx.config.NOTIFY_SECRET, params.token),
  }),
  route({
    method: "post",
    path: "/unsubscribe/:token",
    operationId: "unsubscribe",
    summary: "One-click unsubscribe (RFC 8058): no more e-mail notifications to this supplier",
    description:
      "Mail clients send `List-Unsubscribe=One-Click` as application/x-www-form-urlencoded; that body is accepted here only, and not read.",
    tag: "Notifications",
    access: "public",
    params: tokenParams,
    response: unsubscribeAnswer,
    errors: [400],
    handle: async ({ params, ctx }) => unsubscribe(ctx.config.NOTIFY_SECRET, params.token),
  }),
];
