/**
 * A private PostgreSQL cluster for FerretDB, from Debian's `postgresql` package (installed with apt-get
 * when missing; the binaries are taken from /usr/lib/postgresql/<major>/bin, never from the Debian cluster
 * wrappers or a system cluster). The cluster lives in <dataDir>/postgres, is initialised once and kept;
 * it listens on 127.0.0.1 only, without unix sockets, and admits only loopback connections with the
 * password kept in <dataDir>/postgres.password.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user (created when
 * missing) and owns its directory. That user must be able to traverse every parent folder of the data
 * directory: where one denies it (a mkdtemp folder is 0700, a clone may sit under /root), the search bit
 * for others is added to that folder, and only that bit (o+x: its contents are not listable), with a log
 * line naming the folder. Set DATA_DIR elsewhere to avoid that.
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface PostgresCluster {
  bin: string;
  dir: string;
  password: string;
  /** Who runs the server: the `postgres` user when we are root, else ourselves (undefined). */
  user?: { uid: number; gid: number };
  /** The server's command-line settings. */
  settings: (port: number) => string[];
}

/** FerretDB's database in the cluster. */
export const FERRET_DB = "ferretdb";

export const postgresUrl = (cluster: PostgresCluster, port: number, db: string) =>
  `postgres://postgres:${cluster.password}@127.0.0.1:${port}/${db}`;

/** How local-services runs the server (its ChildSpec). */
export const postgresSpec = (cluster: PostgresCluster) => ({
  name: "postgres",
  command: join(cluster.bin, "postgres"),
  args: (port: number) => cluster.settings(port),
  ready: (port: number) => {
    const args = ["-q", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres", "-t", "1"];
    const probe = spawn(join(cluster.bin, "pg_isready"), args);
    return new Promise<boolean>((r) => probe.on("exit", (code) => r(code === 0)).on("error", () => r(false)));
  },
  // The password stays out of logs and process lists; postgresUrl() builds the full URL.
  url: (port: number) => `postgres://127.0.0.1:${port}/${FERRET_DB}`,
  user: cluster.user,
  // SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for clients); SIGQUIT is its immediate one.
  stop: { signal: "SIGINT" as const, graceMs: 60_000, force: "SIGQUIT" as const },
});

/**
 * Installs PostgreSQL if needed and initialises the cluster in `dir` unless it exists. `durable: false`
 * (throw-away test clusters) turns off fsync, synchronous commits and full-page writes: a crash can then
 * corrupt the cluster, which is fine for data that is deleted after the run.
 */
export function preparePostgres(dir: string, durable: boolean, log: (msg: string) => void): PostgresCluster {
  const bin = ensurePostgres(log);
  const user = process.getuid?.() === 0 ? systemUser(log) : undefined;
  mkdirSync(dirname(dir), { recursive: true });
  if (user) makeReachable(dirname(dir), user, log);
  const passwordFile = `${dir}.password`;
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(18).toString("hex"), { mode: 0o600 });
  const password = readFileSync(passwordFile, "utf8").trim();
  if (!existsSync(join(dir, "PG_VERSION"))) initCluster(bin, dir, passwordFile, durable, user, log);
  else checkCluster(bin, dir, user, log);
  const settings = (port: number) => [
    ...["-D", dir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    ...(durable ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]),
  ];
  return { bin, dir, password, user, settings };
}

/** The bin folder of the newest PostgreSQL under /usr/lib/postgresql, installing `postgresql` if none. */
function ensurePostgres(log: (msg: string) => void): string {
  const found = () => {
    const base = "/usr/lib/postgresql";
    const majors = existsSync(base) ? readdirSync(base).filter((v) => /^\d+$/.test(v)) : [];
    const bins = majors.sort((a, b) => Number(b) - Number(a)).map((major) => join(base, major, "bin"));
    return bins.find((bin) => existsSync(join(bin, "postgres")) && existsSync(join(bin, "initdb")));
  };
  const bin = found();
  if (bin) return bin;
  if (process.getuid?.() !== 0 || spawnSync("sh", ["-c", "command -v apt-get"]).status !== 0) {
    throw new Error("local-services: PostgreSQL is missing; install it (apt-get install postgresql) or set MONGO_URL");
  }
  log("local-services: PostgreSQL is missing; running apt-get update && apt-get install -y postgresql");
  const apt = "apt-get update -q && apt-get install -y -q --no-install-recommends postgresql";
  const result = spawnSync("sh", ["-c", apt], {
    stdio: ["ignore", 2, 2],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.status !== 0) throw new Error(`local-services: \`${apt}\` failed (exit ${result.status})`);
  const installed = found();
  if (!installed) throw new Error("local-services: apt-get installed postgresql but no /usr/lib/postgresql/*/bin");
  return installed;
}

/** The `postgres` system user's ids, creating the user (and its group) when it does not exist. */
function systemUser(log: (msg: string) => void): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync("id", [flag, "postgres"], { encoding: "utf8" });
  if (id("-u").status !== 0) {
    log("local-services: creating the system user `postgres` to run PostgreSQL (it refuses to run as root)");
    run(
      "useradd",
      ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent"].concat([
        "--shell",
        "/usr/sbin/nologin",
        "postgres",
      ]),
    );
  }
  return { uid: Number(id("-u").stdout.trim()), gid: Number(id("-g").stdout.trim()) };
}

/** Adds o+x to each folder from / down to `dir` that the user could not traverse (no supplementary groups). */
function makeReachable(dir: string, user: { uid: number; gid: number }, log: (msg: string) => void) {
  const chain: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    chain.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const folder of chain) {
    const { mode, uid, gid } = statSync(folder);
    const bit = uid === user.uid ? 0o100 : gid === user.gid ? 0o010 : 0o001;
    if (mode & bit) continue;
    log(`local-services: chmod o+x ${folder} so that the postgres user can reach its data directory`);
    chmodSync(folder, (mode & 0o7777) | 0o001);
  }
}

function initCluster(
  bin: string,
  dir: string,
  passwordFile: string,
  durable: boolean,
  user: { uid: number; gid: number } | undefined,
  log: (msg: string) => void,
) {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new Error(`local-services: ${dir} is not empty but holds no PostgreSQL cluster; move it away`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) run("chown", [`${user.uid}:${user.gid}`, dir, passwordFile]);
  log(`local-services: initialising a PostgreSQL cluster in ${dir}`);
  run(
    join(bin, "initdb"),
    [
      ...["-D", dir, "--username=postgres", `--pwfile=${passwordFile}`, "--encoding=UTF8", "--no-locale"],
      ...["--auth-local=scram-sha-256", "--auth-host=scram-sha-256", ...(durable ? [] : ["--no-sync"])],
    ],
    { ...user, cwd: dir },
  );
  // Loopback only, with the password; no unix sockets (see settings), no replication.
  const hba = join(dir, "pg_hba.conf");
  writeFileSync(hba, "# written by scripts/postgres.ts\nhost all postgres 127.0.0.1/32 scram-sha-256\n");
  if (user) run("chown", [`${user.uid}:${user.gid}`, hba]);
}

/** Refuses a cluster of another major version and gives it back to the user who runs the server. */
function checkCluster(
  bin: string,
  dir: string,
  user: { uid: number; gid: number } | undefined,
  log: (m: string) => void,
) {
  const major = readFileSync(join(dir, "PG_VERSION"), "utf8").trim();
  if (!bin.includes(`/${major}/`))
    throw new Error(`local-services: ${dir} holds a PostgreSQL ${major} cluster but ${bin} is another version`);
  if (user && statSync(dir).uid !== user.uid) {
    log(`local-services: handing ${dir} to the postgres user`);
    run("chown", ["-R", `${user.uid}:${user.gid}`, dir, `${dir}.password`]);
  }
}

/** Creates the database unless it exists (psql from the same installation, as the user that runs it). */
export function createDatabase(cluster: PostgresCluster, port: number, db: string): void {
  const psql = (sql: string) =>
    run(join(cluster.bin, "psql"), ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql], {
      ...cluster.user,
      cwd: cluster.dir,
      env: { PATH: process.env["PATH"] ?? "", PGPASSWORD: cluster.password, PGHOST: "127.0.0.1" },
      args: ["-p", String(port), "-U", "postgres", "-d", "postgres"],
    });
  if (psql(`SELECT 1 FROM pg_database WHERE datname = '${db}'`).trim() !== "1") psql(`CREATE DATABASE "${db}"`);
}

interface RunOptions {
  uid?: number;
  gid?: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  args?: string[];
}

function run(command: string, args: string[], options: RunOptions = {}): string {
  const { args: extra = [], ...spawnOptions } = options;
  const result = spawnSync(command, [...extra, ...args], { ...spawnOptions, encoding: "utf8" });
  if (result.status === 0) return result.stdout;
  const output = `${result.stderr ?? ""}${result.stdout ?? ""}`.trim() || result.error?.message || "";
  throw new Error(`local-services: \`${command} ${args.join(" ")}\` failed (exit ${result.status}): ${output}`);
}
