/**
 * Starts the backing services on loopback when no URL is configured: FerretDB (MongoDB wire protocol) on a
 * private PostgreSQL cluster (see postgres.ts), Debian's redis-server and, optionally, the mail catcher and
 * a Meilisearch server (the test tool in ../shared/tools, when present). Each child gets a free port, its
 * data under <dataDir>/<name> and its output in <dataDir>/logs/<name>.log.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { createConnection, createServer, type AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startMailCatcher, type MailCatcher } from "./mail-catcher";
import { createDatabase, postgresSpec, postgresUrl, preparePostgres, FERRET_DB } from "./postgres";

export interface LocalServicesOptions {
  dataDir: string;
  mongo: boolean;
  redis: boolean;
  smtp?: boolean;
  /** Start Meilisearch when its binary is there (see meilisearchBinary); otherwise meiliUrl stays unset. */
  meili?: boolean;
  /**
   * Durable data (the demo): Redis keeps its default RDB snapshots and PostgreSQL syncs to disk. Otherwise
   * Redis keeps nothing on disk and PostgreSQL runs with fsync, synchronous_commit and full_page_writes off.
   */
  persist?: boolean;
  /** Run this FerretDB binary instead of building and running .tools/bin/ferretdb (benchmarks). */
  ferretdbBinary?: string;
  log?: (msg: string) => void;
}

export interface LocalServices {
  mongoUrl?: string;
  /** FerretDB's PostgreSQL database, when FerretDB was started (tests look at its statistics). */
  postgresUrl?: string;
  redisUrl?: string;
  smtpUrl?: string;
  meiliUrl?: string;
  meiliKey?: string;
  mail?: MailCatcher;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL("..", import.meta.url));
const ferretBin = join(root, ".tools/bin/ferretdb");

/**
 * The Meilisearch server used for tests and local runs: MEILI_BIN, or the test tool beside the project in
 * ../shared/tools/meilisearch (a real Meilisearch 1.50 build for this machine kind). Undefined when absent.
 */
export function meilisearchBinary(): string | undefined {
  const candidate = process.env["MEILI_BIN"] || join(root, "../shared/tools/meilisearch/meilisearch");
  return existsSync(candidate) ? candidate : undefined;
}

export async function startLocalServices(opts: LocalServicesOptions): Promise<LocalServices> {
  const log = opts.log ?? ((msg: string) => console.error(msg));
  const dataDir = resolve(opts.dataDir);
  mkdirSync(join(dataDir, "logs"), { recursive: true });
  const children: ChildProcess[] = [];
  const killNow = () =>
    children.forEach((child) => isRunning(child) && child.kill((stopPlans.get(child) ?? DEFAULT_STOP).signal));
  process.on("exit", killNow);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    process.off("exit", killNow);
    return (stopping ??= Promise.all([...children.map(stopChild), services.mail?.stop()]).then(() => undefined));
  };
  const services: LocalServices = { stop };

  const launch = async (ensure: (log: (msg: string) => void) => void, spec: ChildSpec) => {
    ensure(log); // may install or build, synchronously and loudly
    return startChild(spec, dataDir, children, log);
  };
  const meiliBin = opts.meili ? meilisearchBinary() : undefined;
  const meiliKey = randomBytes(16).toString("hex");
  const [redis, mongo, mail, meili] = await Promise.allSettled([
    opts.redis ? launch(ensureRedis, redisSpec(opts.persist ?? false)) : undefined,
    opts.mongo ? startFerretOnPostgres(opts, dataDir, children, log) : undefined,
    opts.smtp ? startMailCatcher() : undefined,
    meiliBin ? launch(() => undefined, meiliSpec(meiliBin, meiliKey)) : undefined,
  ]);
  if (redis.status === "fulfilled") services.redisUrl = redis.value;
  if (mongo.status === "fulfilled" && mongo.value) Object.assign(services, mongo.value);
  if (mail.status === "fulfilled" && mail.value) Object.assign(services, { mail: mail.value, smtpUrl: mail.value.url });
  if (meili.status === "fulfilled" && meili.value) Object.assign(services, { meiliUrl: meili.value, meiliKey });
  const failure = [redis, mongo, mail, meili].find((r) => r.status === "rejected");
  if (failure) {
    await stop();
    throw failure.reason;
  }
  return services;
}

interface ChildSpec {
  name: string;
  command: string;
  args: (port: number, dir: string) => string[];
  ready: (port: number) => Promise<boolean>;
  url: (port: number) => string;
  env?: Record<string, string>;
  /** Run as this user (PostgreSQL as the `postgres` user when we are root), in its data directory. */
  user?: { uid: number; gid: number };
  /** How to stop it: SIGTERM, then SIGKILL after 5 s, unless given. */
  stop?: { signal: NodeJS.Signals; graceMs: number; force: NodeJS.Signals };
}

/** PostgreSQL first (installed and initialised when needed), then FerretDB on its database. */
async function startFerretOnPostgres(
  opts: LocalServicesOptions,
  dataDir: string,
  children: ChildProcess[],
  log: (msg: string) => void,
): Promise<{ mongoUrl: string; postgresUrl: string }> {
  const cluster = preparePostgres(join(dataDir, "postgres"), opts.persist ?? false, log);
  const pgUrl = await startChild(postgresSpec(cluster), dataDir, children, log);
  const port = Number(new URL(pgUrl).port);
  createDatabase(cluster, port, FERRET_DB);
  const url = postgresUrl(cluster, port, FERRET_DB);
  if (!opts.ferretdbBinary) ensureFerret(log);
  const mongoUrl = await startChild(ferretSpec(opts.ferretdbBinary ?? ferretBin, url), dataDir, children, log);
  return { mongoUrl, postgresUrl: url };
}

const redisSpec = (persist: boolean): ChildSpec => ({
  name: "redis",
  command: "redis-server",
  args: (port, dir) => [
    ...["--bind", "127.0.0.1", "--port", String(port), "--dir", dir],
    ...["--maxmemory-policy", "noeviction", "--appendonly", "no"],
    ...(persist ? [] : ["--save", ""]),
  ],
  ready: async (port) => (await exchange(port, "PING\r\n")) === "+PONG",
  url: (port) => `redis://127.0.0.1:${port}`,
});

const ferretSpec = (command: string, pgUrl: string): ChildSpec => ({
  name: "ferretdb",
  command,
  args: (port, dir) => [
    ...["--handler=postgresql", `--state-dir=${dir}`, `--listen-addr=127.0.0.1:${port}`],
    ...["--debug-addr=-", "--telemetry=disable", "--log-level=warn"],
  ],
  env: { FERRETDB_POSTGRESQL_URL: pgUrl }, // not an argument: it holds the password
  ready: async (port) => (await exchange(port)) === "" && mongoPing(`mongodb://127.0.0.1:${port}`),
  url: (port) => `mongodb://127.0.0.1:${port}`,
});

const meiliSpec = (command: string, masterKey: string): ChildSpec => ({
  name: "meilisearch",
  command,
  args: (port, dir) => [
    ...["--db-path", join(dir, "data.ms"), "--dump-dir", join(dir, "dumps"), "--snapshot-dir", join(dir, "snapshots")],
    ...["--http-addr", `127.0.0.1:${port}`, "--master-key", masterKey, "--no-analytics", "--env", "development"],
    // The default indexing memory (2/3 of RAM) makes every batch, even of one document, cost ~0.6 s here
    // (measured with 24 GiB); 1 GiB brings a one-document batch to ~50 ms.
    ...["--log-level", "WARN", "--max-indexing-memory", "1GiB"],
  ],
  ready: async (port) => {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  },
  url: (port) => `http://127.0.0.1:${port}`,
});

/** Starts one child on a free port and resolves with its URL once it answers. */
async function startChild(spec: ChildSpec, dataDir: string, children: ChildProcess[], log: (msg: string) => void) {
  const dir = join(dataDir, spec.name);
  mkdirSync(dir, { recursive: true });
  const logFile = join(dataDir, "logs", `${spec.name}.log`);
  const begun = Date.now();
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const offset = existsSync(logFile) ? statSync(logFile).size : 0;
    const child = spawnLogged(spec, spec.args(port, dir), logFile, dir);
    children.push(child);
    try {
      if (child.pid === undefined) throw new Error(`local-services: could not run ${spec.command}`);
      await waitUntilReady(
        spec.name,
        child,
        () => spec.ready(port),
        () => `${logFile}:\n${logTail(logFile, offset)}`,
      );
      log(`local-services: ${spec.name} ready url=${spec.url(port)} ms=${Date.now() - begun} log=${logFile}`);
      return spec.url(port);
    } catch (err) {
      await stopChild(child);
      // A port picked a moment ago can be taken by someone else before the child binds it: retry.
      if (!(err instanceof ExitedEarly && /already in use/i.test(err.message)) || attempt === 3) throw err;
      log(`local-services: ${spec.name} exited at start (attempt ${attempt}), retrying on another port`);
    }
  }
}

class ExitedEarly extends Error {}

const DEFAULT_STOP = { signal: "SIGTERM", graceMs: 5000, force: "SIGKILL" } as const;
const stopPlans = new WeakMap<ChildProcess, NonNullable<ChildSpec["stop"]>>();

function spawnLogged(spec: ChildSpec, args: string[], logFile: string, dir: string): ChildProcess {
  const fd = openSync(logFile, "a");
  try {
    const child = spawn(spec.command, args, {
      stdio: ["ignore", fd, fd],
      ...(spec.env && { env: { ...process.env, ...spec.env } }),
      ...(spec.user && { ...spec.user, cwd: dir }),
    });
    child.on("error", () => undefined); // a failed spawn leaves pid undefined; startChild reports it
    stopPlans.set(child, spec.stop ?? DEFAULT_STOP);
    return child;
  } finally {
    closeSync(fd);
  }
}

/** Polls `ready` until it answers true; fails fast when the child dies, pointing at its log. */
async function waitUntilReady(name: string, child: ChildProcess, ready: () => Promise<boolean>, logged: () => string) {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await sleep(100)) {
    if (!isRunning(child)) throw new ExitedEarly(`local-services: ${name} exited during start-up; see ${logged()}`);
    if (await ready().catch(() => false)) return;
  }
  throw new Error(`local-services: ${name} was not ready within 30 s; see ${logged()}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stopChild(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise((r) => child.once("exit", r));
  const plan = stopPlans.get(child) ?? DEFAULT_STOP;
  child.kill(plan.signal);
  const timer = setTimeout(() => child.kill(plan.force), plan.graceMs);
  await exited;
  clearTimeout(timer);
}

const isRunning = (child: ChildProcess) =>
  child.pid !== undefined && child.exitCode === null && child.signalCode === null;

/** The last lines written to the log since `offset`. */
function logTail(file: string, offset: number, lines = 15): string {
  const text = existsSync(file) ? readFileSync(file).subarray(offset).toString("utf8").trimEnd() : "";
  return text ? text.split("\n").slice(-lines).join("\n") : "(log is empty)";
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** Connects, sends `send` (if any) and resolves with the first reply line ("" when nothing is sent). */
function exchange(port: number, send?: string): Promise<string> {
  return new Promise((resolveLine, reject) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let reply = "";
    socket.setTimeout(1000, () => socket.destroy(new Error("timeout")));
    socket.once("error", reject);
    socket.once("connect", () => (send === undefined ? (socket.end(), resolveLine("")) : socket.write(send)));
    socket.on("data", (chunk) => {
      reply += chunk.toString("utf8");
      if (reply.includes("\r\n")) {
        socket.end();
        resolveLine(reply.split("\r\n")[0]!);
      }
    });
  });
}

async function mongoPing(url: string): Promise<boolean> {
  const { default: mongoose } = await import("mongoose"); // the mongodb driver, as a declared dependency
  const client = new mongoose.mongo.MongoClient(url, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
  try {
    await client.connect();
    const reply = await client.db("admin").command({ ping: 1 });
    return reply["ok"] === 1;
  } finally {
    await client.close();
  }
}

function ensureRedis(log: (msg: string) => void): void {
  if (spawnSync("sh", ["-c", "command -v redis-server"]).status === 0) return;
  if (process.getuid?.() !== 0 || spawnSync("sh", ["-c", "command -v apt-get"]).status !== 0) {
    throw new Error(
      "local-services: redis-server is missing; install it (apt-get install redis-server) or set REDIS_URL",
    );
  }
  log("local-services: redis-server is missing; running apt-get update && apt-get install -y redis-server");
  run("sh", ["-c", "apt-get update -q && apt-get install -y -q --no-install-recommends redis-server"], {
    DEBIAN_FRONTEND: "noninteractive",
  });
}

/** Builds .tools/bin/ferretdb when it is missing or older than the patches (the script returns at once otherwise). */
function ensureFerret(log: (msg: string) => void): void {
  if (!existsSync(ferretBin))
    log(`local-services: ${ferretBin} is missing; building it with scripts/build-ferretdb.sh`);
  run("bash", [join(root, "scripts/build-ferretdb.sh")]);
}

function run(command: string, args: string[], env: Record<string, string> = {}): void {
  const result = spawnSync(command, args, { stdio: ["ignore", 2, 2], env: { ...process.env, ...env } });
  if (result.status === 0) return;
  throw new Error(`local-services: \`${command} ${args.join(" ")}\` failed (exit ${result.status})`);
}
