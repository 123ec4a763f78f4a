import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo, Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startHarness, bearer, needBody, ADMIN_TOKEN, type Harness } from "./helpers/harness";

/**
 * One worker: with several, hypothesis calls ast.parse from threads and CPython 3.11 can fail with
 * "AST constructor recursion depth mismatch", an error of the tool, not of the API.
 *
 * Schemathesis (a PyPI test tool, installed by scripts/test-tools.ts into .tools/venv) generates requests
 * from the OpenAPI document, valid and invalid, and fails on any 5xx or on a response the document does not
 * allow: its status, content type or body. Path ids are drawn half of the time from records made before the
 * run, so the fuzzer also reaches the answers of records that exist.
 */
/** Runs a command without blocking the event loop (the API under test answers from this process). */
function runCommand(command: string, args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], timeout: 240_000 });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, output }));
  });
}

const st = fileURLToPath(new URL("../.tools/venv/bin/st", import.meta.url));

const CHECKS = [
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_schema_conformance",
  "response_headers_conformance",
];

/** A schemathesis configuration that draws path ids from the given records half of the time. */
function configFile(dir: string, ids: { id: string[]; orgId: string[] }): string {
  const toml = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
  const file = join(dir, "schemathesis.toml");
  writeFileSync(
    file,
    [
      `[dictionaries.ids]\nvalues = ${toml(ids.id)}`,
      `[dictionaries.orgIds]\nvalues = ${toml(ids.orgId)}`,
      `[parameters]`,
      `"path.id" = { dictionary = "ids", probability = 0.5 }`,
      `"path.orgId" = { dictionary = "orgIds", probability = 0.5 }`,
      "",
    ].join("\n"),
  );
  return file;
}

describe(
  "the OpenAPI document, fuzzed by schemathesis",
  {
    skip:
      !existsSync(st) &&
      "schemathesis is not installed: python3 -m venv .tools/venv && .tools/venv/bin/pip install schemathesis",
  },
  () => {
    let h: Harness;
    let server: Server;
    let dir: string;
    let config: string;
    const tokens: Record<string, string> = { admin: ADMIN_TOKEN };
    const orgIds: string[] = [];
    before(async () => {
      // The fuzzer sends thousands of requests from one address, many with bad keys: no limits here (they
      // are tested in http-hardening.test.ts), or the admin's run would be refused after the anonymous one.
      // As in production, answers are not checked in the app, so schemathesis alone judges them against the
      // document (the other suites check them against the zod schemas; see http/route.ts).
      h = await startHarness(
        "fuzz",
        { NODE_ENV: "production", RATE_LIMIT_AUTH_FAILURES: "0", RATE_LIMIT_SEARCH: "0", RATE_LIMIT_WRITES: "0" },
        { workers: true },
      );
      server = h.app.listen(0, "127.0.0.1");
      await new Promise((resolve) => server.once("listening", resolve));
      const buyer = await h.organization("buyer");
      const supplier = await h.organization("supplier");
      tokens.buyer = buyer.token;
      tokens.supplier = supplier.token;
      orgIds.push(buyer.id, supplier.id);
      const made = [
        await h.http
          .post("/api/v1/needs")
          .set(...bearer(buyer.token))
          .send(needBody({ status: "published", milestones: [{ kind: "dialogue_conference", date: "2027-02-01" }] })),
        await h.http
          .post("/api/v1/needs")
          .set(...bearer(buyer.token))
          .send(needBody()),
        await h.http
          .post("/api/v1/buyer-groups")
          .set(...bearer(ADMIN_TOKEN))
          .send({ name: "Follo innkjøpssamarbeid", kind: "procurement_collaboration", members: [buyer.id] }),
      ];
      const profile = await h.http
        .put(`/api/v1/suppliers/${supplier.id}/profile`)
        .set(...bearer(supplier.token))
        .send({
          name: supplier.name,
          description: "Brøyting og strøing",
          capabilities: "Vinterdrift av kommunale veier med elektriske maskiner",
          cpv: ["90620000-9"],
          municipality: "3207",
          serviceArea: { counties: ["32"] },
          size: "small",
        });
      for (const res of [...made, profile]) assert.ok(res.status < 300, JSON.stringify(res.body));
      dir = mkdtempSync(join(tmpdir(), "fuzz-"));
      config = configFile(dir, {
        id: [...made.map((res) => res.body.id as string), buyer.id, supplier.id],
        orgId: [supplier.id, buyer.id],
      });
    });
    after(async () => {
      await new Promise((resolve) => server.close(resolve));
      await h.close();
      rmSync(dir, { recursive: true, force: true });
    });

    for (const [who, callers] of [
      ["anonymous", "anonymous callers"],
      ["admin", "the admin"],
      ["buyer", "a buyer"],
      ["supplier", "a supplier"],
    ] as const) {
      it(`no generated request from ${callers} gets a server error or an undocumented answer`, async () => {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const token = tokens[who];
        // The admin's run may have deactivated the buyer or the supplier (PATCH /organizations/{id} draws
        // their ids): active again, their keys work for their own runs.
        for (const id of orgIds) {
          const res = await h.http
            .patch(`/api/v1/organizations/${id}`)
            .set(...bearer(ADMIN_TOKEN))
            .send({ active: true });
          assert.equal(res.status, 200, JSON.stringify(res.body));
        }
        const run = await runCommand(st, [
          "--config-file",
          config,
          "run",
          `${base}/api/v1/openapi.json`,
          "--url",
          base,
          "--checks",
          CHECKS.join(","),
          "--max-examples",
          "20",
          "--generation-deterministic",
          "--phases",
          "examples,coverage,fuzzing",
          "--workers",
          "1",
          "--no-color",
          ...(token ? ["-H", `Authorization: Bearer ${token}`] : []),
        ]);
        const output = run.output;
        if (run.status !== 0) console.log(output.slice(-6000));
        else
          console.log(
            output
              .split("\n")
              .filter((line) => /operations|test cases|passed|skipped/i.test(line))
              .join("\n"),
          );
        assert.equal(run.status, 0, "schemathesis found failures (see the output above)");
        assert.match(output, /passed/i);
      });
    }
  },
);
