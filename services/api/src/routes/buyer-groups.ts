import { z } from "zod";
import {
  buyerGroupAnswer,
  buyerGroupListAnswer,
  createBuyerGroup,
  createBuyerGroupSchema,
  getBuyerGroup,
  listBuyerGroups,
  objectIdSchema,
  setFollowing,
  updateBuyerGroup,
  updateBuyerGroupSchema,
} from "@markedsdialog/core";
import { route } from "../http/route";
import type { AppContext } from "../context";
import { matchingDeps } from "../matching";

const idParams = z.strictObject({ id: z.string() });
const tag = "Buyer groups";
/** Group writes change the stamp under which every process keeps the groups it matches with. */
const groupStamp = (ctx: AppContext) => matchingDeps(ctx).index.groups;

export const buyerGroupRoutes = [
  route({
    method: "post",
    path: "/buyer-groups",
    operationId: "createBuyerGroup",
    summary: "Create a buyer group (procurement collaboration or learning network)",
    tag,
    access: "admin",
    body: createBuyerGroupSchema,
    status: 201,
    errors: [409],
    response: buyerGroupAnswer,
    handle: async ({ actor, body, ctx }) => createBuyerGroup(actor, body, groupStamp(ctx)),
  }),
  route({
    method: "get",
    path: "/buyer-groups",
    operationId: "listBuyerGroups",
    summary: "Buyer groups",
    tag,
    access: "public",
    query: z.strictObject({ member: objectIdSchema.optional() }),
    response: buyerGroupListAnswer,
    handle: async ({ actor, query }) => listBuyerGroups(actor, query),
  }),
  route({
    method: "get",
    path: "/buyer-groups/:id",
    operationId: "getBuyerGroup",
    summary: "One buyer group",
    tag,
    access: "public",
    params: idParams,
    errors: [404],
    response: buyerGroupAnswer,
    handle: async ({ actor, params }) => getBuyerGroup(actor, params.id),
  }),
  route({
    method: "patch",
    path: "/buyer-groups/:id",
    operationId: "updateBuyerGroup",
    summary: "Rename a group or change its members",
    tag,
    access: "admin",
    params: idParams,
    body: updateBuyerGroupSchema,
    errors: [404],
    response: buyerGroupAnswer,
    handle: async ({ actor, params, body, ctx }) => updateBuyerGroup(actor, params.id, body, groupStamp(ctx)),
  }),
  route({
    method: "put",
    path: "/buyer-groups/:id/follow",
    operationId: "followBuyerGroup",
    summary: "The calling supplier follows the group",
    tag,
    access: "authenticated",
    params: idParams,
    errors: [403, 404],
    response: buyerGroupAnswer,
    handle: async ({ actor, params, ctx }) => setFollowing(actor, params.id, true, groupStamp(ctx)),
  }),
  route({
    method: "delete",
    path: "/buyer-groups/:id/follow",
    operationId: "unfollowBuyerGroup",
    summary: "The calling supplier stops following the group",
    tag,
    access: "authenticated",
    params: idParams,
    errors: [403, 404],
    response: buyerGroupAnswer,
    handle: async ({ actor, params, ctx }) => setFollowing(actor, params.id, false, groupStamp(ctx)),
  }),
];
