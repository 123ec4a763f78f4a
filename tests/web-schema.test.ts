/**
 * The web app's API types (web/src/api/schema.d.ts) are what the API's OpenAPI document says now: a route,
 * parameter or answer changed without regenerating them (`npm run build:web`) fails here, and the web
 * build's typecheck then shows which page no longer fits.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { generateSchemaTypes, SCHEMA_FILE } from "../web/scripts/openapi";

describe("web: the typed API client", () => {
  it("when the API's OpenAPI document is built without services, then the committed client types match it byte for byte", async () => {
    const committed = readFileSync(SCHEMA_FILE, "utf8");
    const current = await generateSchemaTypes();
    assert.ok(current.includes('"/api/v1/pipeline"'), "the generated types name the pipeline route");
    assert.equal(committed, current, "web/src/api/schema.d.ts is stale: run `npm run build:web` and commit it");
  });
});
