import { z } from "zod";
import {
  checkMatchIndex,
  listNeedMatches,
  listSupplierMatches,
  matchesQuerySchema,
  matchIndexDriftAnswer,
  matchIndexRepairAnswer,
  needMatchListAnswer,
  rebuildMatchIndex,
  supplierMatchListAnswer,
} from "@markedsdialog/core";
import { route } from "../http/route";
import { matchingDeps } from "../matching";

const tag = "Matching";

export const matchingRoutes = [
  route({
    method: "get",
    path: "/needs/:id/matches",
    operationId: "listNeedMatches",
    summary: "The suppliers a need reaches, with score and explanation (its buyer or the admin)",
    description:
      "From saved subscriptions, opted-in profiles and followers of the buyer's groups; best first, nearer first on a tie. Suppliers' saved criteria and addresses are not shown.",
    tag,
    access: "authenticated",
    params: z.strictObject({ id: z.string() }),
    query: matchesQuerySchema,
    errors: [403, 404],
    response: needMatchListAnswer,
    handle: async ({ actor, params, query, ctx }) =>
      listNeedMatches(actor, params.id, query, { index: matchingDeps(ctx).index, search: ctx.search }),
  }),
  route({
    method: "get",
    path: "/suppliers/:orgId/matches",
    operationId: "listSupplierMatches",
    summary:
      "Open needs matching the supplier's subscriptions, profile and followed groups (the supplier or the admin)",
    tag,
    access: "authenticated",
    params: z.strictObject({ orgId: z.string() }),
    query: matchesQuerySchema,
    errors: [403, 404, 503],
    response: supplierMatchListAnswer,
    handle: async ({ actor, params, query, ctx }) => listSupplierMatches(actor, params.orgId, query, ctx.search),
  }),
  route({
    method: "get",
    path: "/admin/matching/drift",
    operationId: "matchingDrift",
    summary: "Compare the subscriptions in the database with the matching index",
    tag,
    access: "admin",
    response: matchIndexDriftAnswer,
    handle: async ({ actor, ctx }) => checkMatchIndex(actor, matchingDeps(ctx).index),
  }),
  route({
    method: "post",
    path: "/admin/matching/reindex",
    operationId: "matchingReindex",
    summary: "Bring the matching index in line with the database",
    tag,
    access: "admin",
    response: matchIndexRepairAnswer,
    handle: async ({ actor, ctx }) => rebuildMatchIndex(actor, matchingDeps(ctx).index),
  }),
];
