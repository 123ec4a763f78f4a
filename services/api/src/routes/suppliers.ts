import { z } from "zod";
import {
  deleteSupplierProfile,
  getSupplierProfile,
  putSupplierProfile,
  searchSuppliers,
  supplierProfileAnswer,
  supplierSearchAnswer,
  supplierProfileInputSchema,
  supplierSearchQuerySchema,
} from "@markedsdialog/core";
import { route } from "../http/route";

const orgParams = z.strictObject({ orgId: z.string() });
const tag = "Suppliers";

export const supplierRoutes = [
  route({
    method: "put",
    path: "/suppliers/:orgId/profile",
    operationId: "putSupplierProfile",
    summary: "Create or replace the supplier's capability profile",
    description:
      "`name` is the supplier's display name; it may not be another organisation's registered name (compared ignoring case, spacing and Unicode form): 409 naming `body.name`. Answers carry `organization`, the registered organisation's id, name and number.",
    tag,
    access: "authenticated",
    params: orgParams,
    body: supplierProfileInputSchema,
    errors: [403, 404, 409],
    response: supplierProfileAnswer,
    handle: async ({ actor, params, body }) => putSupplierProfile(actor, params.orgId, body),
  }),
  route({
    method: "get",
    path: "/suppliers/:orgId",
    operationId: "getSupplier",
    summary: "A supplier's profile (for buyers, organisers, the admin and the supplier itself)",
    tag,
    access: "authenticated",
    params: orgParams,
    errors: [403, 404],
    response: supplierProfileAnswer,
    handle: async ({ actor, params }) => getSupplierProfile(actor, params.orgId),
  }),
  route({
    method: "delete",
    path: "/suppliers/:orgId/profile",
    operationId: "deleteSupplierProfile",
    summary: "Withdraw the profile (it disappears from search)",
    tag,
    access: "authenticated",
    params: orgParams,
    status: 204,
    errors: [403, 404],
    handle: async ({ actor, params }) => deleteSupplierProfile(actor, params.orgId),
  }),
];

/** Mounted with the other search routes (see search.ts). */
export const supplierSearchRoutes = [
  route({
    method: "get",
    path: "/suppliers/search",
    operationId: "searchSuppliers",
    summary: "Find suppliers who can solve a need (buyers, organisers, admin)",
    description:
      "`municipality`/`county` match suppliers who deliver there: their home, service area, or nationwide. With a place and relevance sort, local suppliers rank first.",
    tag: "Search",
    access: "authenticated",
    query: supplierSearchQuerySchema,
    errors: [403, 503],
    response: supplierSearchAnswer,
    handle: async ({ actor, query, ctx }) => searchSuppliers(ctx.search, actor, query),
  }),
];
