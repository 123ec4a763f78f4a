/** Real child processes for the multi-process tests: their pino lines are collected and can be awaited. */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

export type LogLine = Record<string, unknown> & { msg?: string };
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningProcess {
  name: string;
  child: ChildProcess;
  /** Every JSON line printed on stdout so far. */
  lines: LogLine[];
  /** Every line printed on stdout and stderr so far, for failure messages. */
  output: string[];
  exited: Promise<Exit>;
  /** The first line (already printed or to come) that `accept` takes; fails when the process exits first. */
  waitFor(accept: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** Sends `signal` (SIGTERM by default) unless the process has ended, and resolves with how it ended. */
  stop(signal?: NodeJS.Signals): Promise<Exit>;
  /** SIGKILLs the process and everything it started (its process group), for clean-up after a failure. */
  killAll(): Promise<Exit>;
}

/** Starts `node --import tsx <entry>` in the repository root with exactly `env`. */
export function startProcess(name: string, entry: string, env: NodeJS.ProcessEnv): RunningProcess {
  return startCommand(name, process.execPath, ["--import", "tsx", entry], env);
}

/** Starts `command args…` in the repository root with exactly `env`. */
export function startCommand(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  // A process group of its own, so that killAll also reaches what the process started (npm's node child).
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const lines: LogLine[] = [];
  const output: string[] = [];
  const waiters = new Set<() => void>();
  // After "exit", wait for "close" (stdout read to its end, so `lines` is complete), unless a process left
  // behind keeps the pipe open: then go on after a while, so the test fails instead of hanging.
  const exited = new Promise<Exit>((resolve) =>
    child.once("exit", (code, signal) => {
      const timer = setTimeout(finish, 5000);
      child.once("close", finish);
      function finish() {
        clearTimeout(timer);
        resolve({ code, signal: signal as NodeJS.Signals | null });
        for (const wake of waiters) wake();
      }
    }),
  );
  createInterface({ input: child.stdout! }).on("line", (text) => {
    output.push(text);
    if (text.startsWith("{")) {
      try {
        lines.push(JSON.parse(text) as LogLine);
      } catch {
        // not a log line
      }
    }
    for (const wake of waiters) wake();
  });
  createInterface({ input: child.stderr! }).on("line", (text) => output.push(`stderr: ${text}`));
  const running = () => child.exitCode === null && child.signalCode === null;

  const waitFor: RunningProcess["waitFor"] = (accept, what, timeoutMs = 180_000) =>
    new Promise((resolve, reject) => {
      const tail = () => output.slice(-25).join("\n");
      const check = () => {
        const found = lines.find(accept);
        if (found) return done(() => resolve(found));
        if (!running()) done(() => reject(new Error(`${name} exited before ${what}:\n${tail()}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`${name}: no ${what} within ${timeoutMs} ms:\n${tail()}`))),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });

  return {
    name,
    child,
    lines,
    output,
    exited,
    waitFor,
    async stop(signal = "SIGTERM") {
      if (running()) child.kill(signal);
      return exited;
    },
    async killAll() {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // the group is gone already
      }
      return exited;
    },
  };
}

/** The pids of a process's children (Linux), to check that they are gone after it stopped. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export const commandLine = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
};

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
