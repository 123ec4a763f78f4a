import { codeListAnswer, codeSearchQuerySchema, searchCpvCodes, searchNaceCodes } from "@markedsdialog/core";
import { route } from "../http/route";

const tag = "Reference data";

/** The code lists behind the pickers: CPV 2008 in Norwegian and SN2025 industry (NACE) codes. */
export const referenceRoutes = [
  route({
    method: "get",
    path: "/reference/cpv",
    operationId: "searchCpvCodes",
    summary: "CPV codes whose code starts with, or whose Norwegian or English name contains, `q`",
    tag,
    access: "public",
    query: codeSearchQuerySchema,
    response: codeListAnswer,
    handle: async ({ query }) => ({ items: searchCpvCodes(query.q, query.limit) }),
  }),
  route({
    method: "get",
    path: "/reference/nace",
    operationId: "searchNaceCodes",
    summary: "SN2025 industry (NACE) codes by code or Norwegian name",
    tag,
    access: "public",
    query: codeSearchQuerySchema,
    response: codeListAnswer,
    handle: async ({ query }) => ({ items: searchNaceCodes(query.q, query.limit) }),
  }),
];
