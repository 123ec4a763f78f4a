/**
 * `npm test [-- <file|dir|substring>... [--node-test-option]...]`
 * Starts throw-away FerretDB (on PostgreSQL), Redis, a mail catcher and Meilisearch (when its binary is
 * there) in a fresh temp dir (unless MONGO_URL / REDIS_URL / SMTP_URL / MEILI_URL are set), runs the test
 * files one at a time with node's test runner, and prints as the last line `N passed, N failed[, N skipped]`.
 * Each test file picks its own database name and queue prefix. FerretDB's PostgreSQL database reaches the
 * tests as TEST_POSTGRES_URL; FERRETDB_BIN runs another FerretDB binary (e.g. .tools/bin/ferretdb-unpatched).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalServices } from "./local-services";
import { ensureSchemathesis } from "./test-tools";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const nodeOptions = args.filter((arg) => arg.startsWith("-"));
const files = selectTestFiles(args.filter((arg) => !arg.startsWith("-")));

const tempDir = mkdtempSync(join(tmpdir(), "markedsdialog-test-"));
const tapFile = join(tempDir, "results.tap");
const log = (msg: string) => console.error(msg);
const begun = Date.now();
if (files.some((file) => file.includes("openapi-fuzz"))) ensureSchemathesis(log);
const services = await startLocalServices({
  dataDir: tempDir,
  mongo: !process.env["MONGO_URL"],
  redis: !process.env["REDIS_URL"],
  smtp: !process.env["SMTP_URL"],
  meili: !process.env["MEILI_URL"],
  ferretdbBinary: process.env["FERRETDB_BIN"] || undefined,
  log,
});
log(`test: services ready ms=${Date.now() - begun} dir=${tempDir}`);
// The suites that run against both search engines read TEST_MEILI_URL; the others use MEILI_URL's engine.
const meiliUrl = process.env["MEILI_URL"] || services.meiliUrl;
const meiliKey = process.env["MEILI_URL"] ? process.env["MEILI_MASTER_KEY"] : services.meiliKey;
if (!meiliUrl)
  log("test: NO MEILISEARCH: MEILI_URL is unset and no server binary was found; its suites will be skipped");

const env = {
  ...process.env,
  NODE_ENV: "test",
  MONGO_URL: process.env["MONGO_URL"] || services.mongoUrl,
  REDIS_URL: process.env["REDIS_URL"] || services.redisUrl,
  SMTP_URL: process.env["SMTP_URL"] || services.smtpUrl,
  ...(services.postgresUrl && { TEST_POSTGRES_URL: services.postgresUrl }),
  ...(meiliUrl && { TEST_MEILI_URL: meiliUrl, TEST_MEILI_MASTER_KEY: meiliKey ?? "" }),
};
const child = spawn(
  process.execPath,
  [
    ...["--import", "tsx", "--test", "--test-concurrency=1"],
    ...["--test-reporter=spec", "--test-reporter-destination=stdout"],
    ...["--test-reporter=tap", `--test-reporter-destination=${tapFile}`],
    ...nodeOptions,
    ...files,
  ],
  { cwd: root, env, stdio: "inherit" },
);

let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130); // a second Ctrl-C: leave now (the services die with us)
    interrupted = true;
    log(`test: ${signal} received; stopping the tests and the services`);
    child.kill(signal);
  });
}

const exitCode = await new Promise<number>((resolve) => {
  child.on("error", (err) => (log(`test: could not start node --test: ${err.message}`), resolve(1)));
  child.on("exit", (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 1)));
});
await services.stop();

const summary = readSummary(tapFile);
if (exitCode === 0 && !interrupted) rmSync(tempDir, { recursive: true, force: true });
else log(`test: kept ${tempDir} (TAP report, service logs)`);
if (!summary) log(`test: the run produced no TAP summary (exit code ${exitCode}); see ${tapFile}`);
const { pass = 0, fail = summary ? 0 : 1, skipped = 0 } = summary ?? {};
console.log(`${pass} passed, ${fail} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(exitCode);

/** Files to run: everything under tests/, or the given files and dirs, or the tests whose path contains a filter. */
function selectTestFiles(filters: string[]): string[] {
  const all = listTests(join(root, "tests"));
  if (filters.length === 0) return all;
  const selected = filters.map((filter) => {
    // A path must look like one: a bare word such as "seed" is a name filter, not the seed/ folder.
    if ((filter.includes("/") || filter.endsWith(".ts")) && existsSync(filter))
      return statSync(filter).isDirectory() ? listTests(resolve(filter)) : [resolve(filter)];
    return all.filter((file) => relative(root, file).includes(filter));
  });
  const unmatched = filters.filter((_, i) => selected[i]!.length === 0);
  if (unmatched.length > 0 || all.length === 0) {
    console.error(`test: no test files match ${JSON.stringify(unmatched)} (looked in ${join(root, "tests")})`);
    console.log("0 passed, 0 failed");
    process.exit(1);
  }
  return [...new Set(selected.flat())];
}

function listTests(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".test.ts") && !file.split(/[\\/]/).includes("node_modules"))
    .map((file) => join(dir, file))
    .sort();
}

/** The counts from the TAP trailer (`# pass N`, `# fail N`, …); cancelled counts as failed, todo as skipped. */
function readSummary(file: string): { pass: number; fail: number; skipped: number } | undefined {
  if (!existsSync(file)) return undefined;
  const counts = new Map<string, number>();
  for (const m of readFileSync(file, "utf8").matchAll(/^# (pass|fail|cancelled|skipped|todo) (\d+)$/gm)) {
    counts.set(m[1]!, Number(m[2]));
  }
  if (!counts.has("pass")) return undefined;
  const n = (key: string) => counts.get(key) ?? 0;
  return { pass: n("pass"), fail: n("fail") + n("cancelled"), skipped: n("skipped") + n("todo") };
}
