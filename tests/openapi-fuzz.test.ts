import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { AddressInfo, Server } from "node:net";
import { fileURLToPath } from "node:url";
import { startHarness, ADMIN_TOKEN, type Harness } from "./helpers/harness";

/**
 * One worker: with several, hypothesis calls ast.parse from threads and CPython 3.11 can fail with
 * "AST constructor recursion depth mismatch", an error of the tool, not of the API.
 *
 * Schemathesis (a PyPI test tool, installed by .ci/run into .tools/venv) generates requests from the
 * OpenAPI document, valid and invalid, and fails on any 5xx or on responses the document does not allow.
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
    before(async () => {
      // The fuzzer sends thousands of requests from one address, many with bad keys: no limits here (they
      // are tested in http-hardening.test.ts), or the admin's run would be refused after the anonymous one.
      h = await startHarness("fuzz", { RATE_LIMIT_AUTH_FAILURES: "0", RATE_LIMIT_SEARCH: "0", RATE_LIMIT_WRITES: "0" });
      server = h.app.listen(0, "127.0.0.1");
      await new Promise((resolve) => server.once("listening", resolve));
    });
    after(async () => {
      await new Promise((resolve) => server.close(resolve));
      await h.close();
    });

    for (const [who, header] of [
      ["anonymous callers", []],
      ["the admin", ["-H", `Authorization: Bearer ${ADMIN_TOKEN}`]],
    ] as const) {
      it(`no generated request from ${who} gets a server error`, async () => {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const run = await runCommand(st, [
          "run",
          `${base}/api/v1/openapi.json`,
          "--url",
          base,
          "--checks",
          "not_a_server_error,status_code_conformance,content_type_conformance",
          "--max-examples",
          "20",
          "--generation-deterministic",
          "--phases",
          "examples,coverage,fuzzing",
          "--workers",
          "1",
          "--no-color",
          ...header,
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
