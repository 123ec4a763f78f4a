/**
 * Peak memory of the processes a benchmark runs, sampled from /proc: a single process by pid, or a group
 * found by its command line (FerretDB, the PostgreSQL postmaster and its backends). Groups are summed by
 * PSS, so the shared buffers PostgreSQL's backends all map are counted once.
 */
import { readdirSync, readFileSync } from "node:fs";

export type ProcessGroup = { name: string; pids: () => number[] };

const read = (path: string): string => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};

/** Kibibytes of one field of /proc/<pid>/smaps_rollup (Rss, Pss), 0 when the process is gone. */
function rollup(pid: number, field: "Rss" | "Pss"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(read(`/proc/${pid}/smaps_rollup`));
  return Number(match?.[1] ?? 0);
}

function allProcesses(): { pid: number; ppid: number; cmdline: string }[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map((name) => {
      const pid = Number(name);
      const stat = read(`/proc/${pid}/stat`);
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1] ?? 0);
      return { pid, ppid, cmdline: read(`/proc/${pid}/cmdline`).replaceAll("\0", " ") };
    });
}

/** Processes whose command line contains `needle`, with all their descendants. */
export function byCommandLine(name: string, needle: string): ProcessGroup {
  return {
    name,
    pids: () => {
      const processes = allProcesses();
      const found = new Set(processes.filter((p) => p.cmdline.includes(needle)).map((p) => p.pid));
      for (let grew = true; grew;) {
        grew = false;
        for (const p of processes)
          if (found.has(p.ppid) && !found.has(p.pid)) {
            found.add(p.pid);
            grew = true;
          }
      }
      return [...found];
    },
  };
}

export const byPid = (name: string, pid: () => number | undefined): ProcessGroup => ({
  name,
  pids: () => {
    const p = pid();
    return p === undefined ? [] : [p];
  },
});

/** Samples every group every `everyMs`; `peaks()` gives the highest MiB seen per group (undefined: never seen). */
export function memorySampler(groups: ProcessGroup[], everyMs = 250) {
  const peak = new Map<string, number>();
  const sample = () => {
    for (const group of groups) {
      const pids = group.pids();
      if (pids.length === 0) continue;
      const field = pids.length > 1 ? "Pss" : "Rss";
      const kib = pids.reduce((sum, pid) => sum + rollup(pid, field), 0);
      peak.set(group.name, Math.max(peak.get(group.name) ?? 0, kib / 1024));
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    peaks: (): Record<string, number | undefined> => {
      sample();
      return Object.fromEntries(groups.map((g) => [g.name, peak.get(g.name)]));
    },
    reset: () => peak.clear(),
    stop: () => clearInterval(timer),
  };
}

/** CPU time (user + system, ms) a group has used so far, from /proc/<pid>/stat (clock ticks of 10 ms). */
export function cpuMs(group: ProcessGroup): number {
  return group.pids().reduce((sum, pid) => {
    const stat = read(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return sum + (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) * 10;
  }, 0);
}

/**
 * CPU each group spends on a piece of work, including what it leaves behind (queued jobs, indexing): counted
 * from `start()` until the groups together use less than a twentieth of a core over half a second (at most
 * `settleMs` after `stop()` is called).
 */
export function cpuMeter(groups: ProcessGroup[]) {
  const total = () => Object.fromEntries(groups.map((g) => [g.name, cpuMs(g)]));
  return {
    start(): Record<string, number> {
      return total();
    },
    async stop(before: Record<string, number>, settleMs = 30_000): Promise<Record<string, number>> {
      const deadline = Date.now() + settleMs;
      let last = total();
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const now = total();
        const busy = groups.reduce((sum, g) => sum + (now[g.name]! - last[g.name]!), 0);
        last = now;
        if (busy < 25 || Date.now() > deadline) break;
      }
      return Object.fromEntries(groups.map((g) => [g.name, last[g.name]! - before[g.name]!]));
    },
  };
}
