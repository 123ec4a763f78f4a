import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import request from "supertest";
import { createApp } from "@markedsdialog/api/app";
import { route } from "@markedsdialog/api/http/route";
import { buyerGroupListAnswer, ConfigError, loadConfig } from "@markedsdialog/core";
import { seedSetting } from "@markedsdialog/seed";
import { startHarness, type Harness } from "./helpers/harness";

describe("health, readiness, configuration and API documentation", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness("system");
  });
  after(async () => h.close());

  it("healthz answers while the process lives; readyz reports database, Redis and search", async () => {
    assert.deepEqual((await h.http.get("/healthz")).body, { status: "ok" });
    const ready = await h.http.get("/readyz");
    assert.equal(ready.status, 200, JSON.stringify(ready.body));
    assert.deepEqual(ready.body.checks, { database: true, redis: true, search: true });
  });

  it("the OpenAPI 3.1 document describes every route with the schemas that validate it", async () => {
    const res = await h.http.get("/api/v1/openapi.json");
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const doc = res.body;
    assert.equal(doc.openapi, "3.1.0");
    for (const path of [
      "/api/v1/needs",
      "/api/v1/needs/{id}",
      "/api/v1/needs/{id}/status",
      "/api/v1/needs/{id}/changes",
      "/api/v1/pipeline",
      "/api/v1/buyer-groups",
      "/api/v1/suppliers/{orgId}/profile",
      "/api/v1/suppliers/{orgId}",
      "/api/v1/organizations",
      "/api/v1/organizations/{id}/api-keys",
    ]) {
      assert.ok(doc.paths[path], `${path} is documented`);
    }
    const create = doc.paths["/api/v1/needs"].post;
    const schemaRef = create.requestBody.content["application/json"].schema.$ref as string;
    const needInput = doc.components.schemas[schemaRef.replace("#/components/schemas/", "")];
    assert.deepEqual(needInput.required.sort(), ["challenge", "cpv", "description", "procedure", "title"]);
    assert.ok(needInput.properties.procedure.enum.includes("innovation_partnership"));
    assert.equal(needInput.additionalProperties, false);
    assert.ok(create.responses["400"] && create.responses["401"] && create.responses["201"]);
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = ref.slice(ref.lastIndexOf("/") + 1, -1);
      assert.ok(doc.components.schemas[name], `${ref} resolves inside the document`);
    }
    const listParams = doc.paths["/api/v1/needs"].get.parameters.map((p: { name: string }) => p.name);
    for (const name of ["buyer", "municipality", "county", "cpv", "status", "from", "to", "page", "limit"])
      assert.ok(listParams.includes(name), name);
  });

  it("every answer in the OpenAPI document is described: 2xx JSON with a schema (CSV for .csv routes, HTML for .html, iCalendar for .ics) and no bare objects, errors as Problem", async () => {
    const doc = (await h.http.get("/api/v1/openapi.json")).body as OpenApi;
    const schemas = doc.components.schemas;
    for (const path of ["/healthz", "/readyz", "/api/v1/me", "/api/v1/openapi.json"])
      assert.ok(doc.paths[path]?.get, `${path} is documented`);
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const successes = Object.keys(operation.responses).filter((status) => status.startsWith("2"));
        assert.equal(successes.length, 1, `${method.toUpperCase()} ${path} documents one success`);
        for (const [status, response] of Object.entries(operation.responses)) {
          const where = `${method.toUpperCase()} ${path} ${status}`;
          if (status === "204") {
            assert.equal(response.content, undefined, `${where} has no body`);
            continue;
          }
          const [type, media] = Object.entries(response.content ?? {})[0] ?? [];
          assert.ok(media?.schema, `${where} has a schema`);
          if (status.startsWith("2") && path.endsWith(".csv")) {
            assert.equal(type, "text/csv", `${where}: a .csv route answers CSV`);
          } else if (status.startsWith("2") && path.endsWith(".html")) {
            assert.equal(type, "text/html", `${where}: an .html route answers HTML`);
          } else if (status.startsWith("2") && path.endsWith(".ics")) {
            assert.equal(type, "text/calendar", `${where}: an .ics route answers iCalendar`);
          } else if (status.startsWith("2")) {
            assert.equal(type, "application/json", where);
            assert.deepEqual(bareObjects(media.schema, schemas, where), [], `${where}: objects without properties`);
          } else {
            assert.equal(type, "application/problem+json", where);
            assert.deepEqual(media.schema, { $ref: "#/components/schemas/Problem" }, where);
          }
        }
      }
    }
    const problem = schemas["Problem"] as SchemaNode;
    assert.deepEqual(Object.keys(problem.properties ?? {}).sort(), [
      "detail",
      "errors",
      "instance",
      "requestId",
      "status",
      "title",
      "type",
    ]);
    const need = schemas["Need"] as SchemaNode;
    assert.equal(need.additionalProperties, false);
    assert.ok(need.required?.includes("nextStatuses") && !need.required.includes("publishedAt"));
  });

  it("an answer that does not match its schema is a 500 naming the paths in tests, and sent unchecked in production", async () => {
    const drifted = route({
      method: "get",
      path: "/drifted",
      operationId: "drifted",
      summary: "Answers what its schema does not say",
      tag: "Test",
      access: "public",
      response: buyerGroupListAnswer,
      handle: async () => ({ items: [{ id: "g1" }], total: "one", extra: true }),
    });
    const tested = await request(createApp(h.ctx, [drifted])).get("/api/v1/drifted");
    assert.equal(tested.status, 500);
    assert.match(tested.headers["content-type"] ?? "", /problem\+json/);
    const paths = tested.body.errors.map((e: { path: string }) => e.path);
    for (const path of ["response.extra", "response.total", "response.items.0.id", "response.items.0.name"])
      assert.ok(paths.includes(path), `${path} in ${JSON.stringify(tested.body.errors)}`);
    const production = { ...h.ctx, config: { ...h.ctx.config, NODE_ENV: "production" as const } };
    const sent = await request(createApp(production, [drifted])).get("/api/v1/drifted");
    assert.equal(sent.status, 200);
    assert.deepEqual(sent.body, { items: [{ id: "g1" }], total: "one", extra: true });
  });

  it("browsable docs are served", async () => {
    const page = await h.http.get("/docs");
    assert.equal(page.status, 200);
    assert.match(page.text, /swagger-ui-bundle\.js/);
    const asset = await h.http.get("/docs/assets/swagger-ui-bundle.js");
    assert.equal(asset.status, 200);
  });

  it("unknown routes answer 404 problem+json", async () => {
    const res = await h.http.get("/api/v1/nothing-here");
    assert.equal(res.status, 404);
    assert.match(res.headers["content-type"] ?? "", /problem\+json/);
  });

  it("a bad configuration value stops start-up with a message naming the variable", () => {
    assert.throws(
      () => loadConfig({ PORT: "eighty" }),
      (e: unknown) => e instanceof ConfigError && /PORT/.test(e.message),
    );
    assert.throws(() => loadConfig({ ADMIN_TOKEN: "short" }), /ADMIN_TOKEN/);
    assert.throws(
      () => seedSetting({ SEED: "lots" }),
      (e: unknown) => e instanceof ConfigError && /SEED/.test(e.message),
    );
    assert.throws(() => loadConfig({ MONGO_URL: "not a url" }), /MONGO_URL/);
    const ok = loadConfig({});
    assert.equal(ok.PORT, 3000);
    assert.equal(seedSetting({}), "demo", "npm start and npm run seed seed the demo unless SEED=none");
    assert.equal(ok.QUEUE_PREFIX, "{md}", "the queue prefix is a Redis Cluster hash tag");
    assert.equal(ok.REDIS_CLUSTER, false);
    assert.equal(loadConfig({ REDIS_CLUSTER: "true" }).REDIS_CLUSTER, true);
    assert.throws(() => loadConfig({ REDIS_CLUSTER: "yes" }), /REDIS_CLUSTER/);
    assert.throws(() => loadConfig({ QUEUE_PREFIX: "{md}" }), /QUEUE_PREFIX/);
    assert.equal(ok.DATA_DIR, ".data");
    assert.ok(Object.isFrozen(ok));
  });
});

interface SchemaNode {
  type?: string | string[];
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  required?: string[];
  [key: string]: unknown;
}
interface OpenApi {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: SchemaNode }> }> }>
  >;
  components: { schemas: Record<string, SchemaNode> };
}

/**
 * Where a schema (followed through its references) has an object that says nothing of its members: no
 * properties, and additional properties missing or untyped. Maps with typed values (records) are fine.
 */
function bareObjects(root: SchemaNode, schemas: Record<string, SchemaNode>, where: string): string[] {
  const found: string[] = [];
  const seen = new Set<SchemaNode>();
  const visit = (node: unknown, at: string): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${at}.${i}`));
    if (typeof node !== "object" || node === null || seen.has(node as SchemaNode)) return;
    const schema = node as SchemaNode;
    seen.add(schema);
    if (typeof schema.$ref === "string")
      return visit(schemas[schema.$ref.replace("#/components/schemas/", "")], schema.$ref);
    const types = [schema.type ?? []].flat();
    const extra = schema.additionalProperties;
    const typedExtra = typeof extra === "object" && Object.keys(extra).length > 0;
    if (types.includes("object") && !schema.properties && !typedExtra) found.push(at);
    for (const [key, inner] of Object.entries(schema)) if (typeof inner === "object") visit(inner, `${at}.${key}`);
  };
  visit(root, where);
  return found;
}
