/**
 * Runs the API and worker entry points as child processes for `npm start`: their log lines pass through to
 * our stdout, a child counts as started when it logs its ready line, nothing is restarted, and `stopAll`
 * stops them in order (SIGTERM, then SIGKILL after a grace period).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** One parsed pino line (other output is passed through and otherwise ignored). */
export type LogLine = Record<string, unknown>;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceChild {
  name: string;
  process: ChildProcess;
  /** Resolves with the first line `isReady` accepts; rejects when the child exits before that. */
  ready: Promise<LogLine>;
  exited: Promise<Exit>;
}

/**
 * Node flags of the API and worker processes, wherever they are started (here, package.json's `start:api`
 * and `start:worker`, the Dockerfile, the benchmarks). A young generation of 64 MiB per semi-space instead
 * of V8's 16: with the embedded engine's 100,000 needs and profiles in the heap, each request's short-lived
 * objects were scavenged and promoted so often that its CPU per request doubled (bench:api, README).
 */
export const SERVICE_NODE_FLAGS = ["--max-semi-space-size=64"] as const;

/** Starts `node <SERVICE_NODE_FLAGS> --import tsx <entry>` with `env`, passing its stdout through line by line. */
export function spawnService(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  isReady: (line: LogLine) => boolean,
): ServiceChild {
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, "--import", "tsx", entry], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<Exit>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal: signal as NodeJS.Signals | null })),
  );
  child.once("error", () => undefined); // a failed spawn also emits "exit"
  const ready = new Promise<LogLine>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (text) => {
      process.stdout.write(`${text}\n`);
      const line = parseLine(text);
      if (line && isReady(line)) resolve(line);
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`${name} exited during start-up (${signal ?? `exit code ${code}`})`)),
    );
  });
  ready.catch(() => undefined); // handled by whoever awaits it; an exit after start-up is not a rejection
  return { name, process: child, ready, exited };
}

function parseLine(text: string): LogLine | undefined {
  if (!text.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as LogLine) : undefined;
  } catch {
    return undefined;
  }
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** SIGTERM, then SIGKILL after `graceMs`; resolves with how the child ended. */
export async function stopService(service: ServiceChild, graceMs = 20_000): Promise<Exit> {
  if (running(service.process)) service.process.kill("SIGTERM");
  const timer = setTimeout(() => running(service.process) && service.process.kill("SIGKILL"), graceMs);
  const exit = await service.exited;
  clearTimeout(timer);
  return exit;
}

/** A clean stop: exit code 0, or ended by the SIGTERM/SIGINT we (or the terminal) sent. */
export const stoppedCleanly = (exit: Exit) => exit.code === 0 || exit.signal === "SIGTERM" || exit.signal === "SIGINT";
