import { z } from "zod";
import {
  createSubscription,
  deleteSubscription,
  getSubscription,
  listSubscriptions,
  listSubscriptionsQuerySchema,
  subscriptionAnswer,
  subscriptionInputSchema,
  subscriptionListAnswer,
  subscriptionPatchSchema,
  updateSubscription,
} from "@markedsdialog/core";
import { route } from "../http/route";
import { matchingDeps } from "../matching";

const idParams = z.strictObject({ id: z.string() });
const tag = "Subscriptions";

export const subscriptionRoutes = [
  route({
    method: "post",
    path: "/subscriptions",
    operationId: "createSubscription",
    summary: "Save an alert: which needs the calling supplier wants to hear about, where and how often",
    description:
      "Every criterion given must hold; within one, any value will do. CPV codes include their sub-codes; `radiusKm` is measured from `near` or the supplier profile's location. Webhook hosts must resolve to public addresses.",
    tag,
    access: "authenticated",
    body: subscriptionInputSchema,
    status: 201,
    errors: [403, 503],
    response: subscriptionAnswer,
    handle: async ({ actor, body, ctx }) => createSubscription(actor, body, matchingDeps(ctx)),
  }),
  route({
    method: "get",
    path: "/subscriptions",
    operationId: "listSubscriptions",
    summary: "The calling supplier's subscriptions (the admin: everyone's, or one supplier's)",
    tag,
    access: "authenticated",
    query: listSubscriptionsQuerySchema,
    errors: [403],
    response: subscriptionListAnswer,
    handle: async ({ actor, query }) => listSubscriptions(actor, query),
  }),
  route({
    method: "get",
    path: "/subscriptions/:id",
    operationId: "getSubscription",
    summary: "One subscription (its supplier or the admin)",
    tag,
    access: "authenticated",
    params: idParams,
    errors: [403, 404],
    response: subscriptionAnswer,
    handle: async ({ actor, params }) => getSubscription(actor, params.id),
  }),
  route({
    method: "patch",
    path: "/subscriptions/:id",
    operationId: "updateSubscription",
    summary: "Change a subscription; `null` removes a criterion",
    tag,
    access: "authenticated",
    params: idParams,
    body: subscriptionPatchSchema,
    errors: [403, 404, 409, 503],
    response: subscriptionAnswer,
    handle: async ({ actor, params, body, ctx }) => updateSubscription(actor, params.id, body, matchingDeps(ctx)),
  }),
  route({
    method: "delete",
    path: "/subscriptions/:id",
    operationId: "deleteSubscription",
    summary: "Delete a subscription",
    tag,
    access: "authenticated",
    params: idParams,
    status: 204,
    errors: [403, 404, 503],
    handle: async ({ actor, params, ctx }) => deleteSubscription(actor, params.id, matchingDeps(ctx)),
  }),
];
