import { z } from "zod";
import {
  deleteSupplierProfile,
  getSupplierProfile,
  putSupplierProfile,
  supplierProfileSchema,
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
    tag,
    access: "authenticated",
    params: orgParams,
    body: supplierProfileSchema,
    errors: [403, 404],
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
