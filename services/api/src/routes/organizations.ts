import { z } from "zod";
import {
  createApiKey,
  createApiKeySchema,
  createOrganization,
  createOrganizationSchema,
  getOrganization,
  listOrganizations,
  issuedApiKeyAnswer,
  ORGANIZATION_KINDS,
  organizationAnswer,
  organizationListAnswer,
  pageQuery,
  presentOrganization,
} from "@markedsdialog/core";
import { route } from "../http/route";

const idParams = z.strictObject({ id: z.string() });
const tag = "Organizations";

export const organizationRoutes = [
  route({
    method: "post",
    path: "/organizations",
    operationId: "createOrganization",
    summary: "Register an organisation (buyer, supplier or organiser)",
    tag,
    access: "admin",
    body: createOrganizationSchema,
    status: 201,
    errors: [409],
    response: organizationAnswer,
    handle: async ({ body }) => createOrganization(body),
  }),
  route({
    method: "get",
    path: "/organizations",
    operationId: "listOrganizations",
    summary: "List organisations",
    tag,
    access: "admin",
    query: z.strictObject({ kind: z.enum(ORGANIZATION_KINDS).optional(), ...pageQuery }),
    response: organizationListAnswer,
    handle: async ({ query }) => listOrganizations({ kind: query.kind }, query.page, query.limit),
  }),
  route({
    method: "get",
    path: "/organizations/:id",
    operationId: "getOrganization",
    summary: "An organisation's public facts",
    tag,
    access: "public",
    params: idParams,
    errors: [404],
    response: organizationAnswer,
    handle: async ({ params }) => presentOrganization(await getOrganization(params.id)),
  }),
  route({
    method: "post",
    path: "/organizations/:id/api-keys",
    operationId: "createApiKey",
    summary: "Issue an API key for an organisation (the token is shown once)",
    tag,
    access: "admin",
    params: idParams,
    body: createApiKeySchema.optional().default({}),
    status: 201,
    errors: [404],
    response: issuedApiKeyAnswer,
    handle: async ({ params, body }) => createApiKey(params.id, body.label),
  }),
];
