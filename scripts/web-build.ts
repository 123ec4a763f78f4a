/**
 * Builds the web app (web/dist) when it is missing or older than its sources, for `npm start` and the
 * browser tests: `npm run build -w web` takes seconds (schema, map shapes, typecheck, vite build).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const web = join(root, "web");
export const WEB_INDEX = join(web, "dist", "index.html");

function newestSource(): number {
  let newest = 0;
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) if (name !== "geo" || !path.endsWith("public")) visit(join(path, name));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const part of ["src", "index.html", "public", "data", "vite.config.ts", "scripts"]) {
    if (existsSync(join(web, part))) visit(join(web, part));
  }
  return newest;
}

/** Whether web/dist is there and newer than every source file (`onlyIfMissing`: whether it is there). */
export function webBuildIsCurrent(onlyIfMissing = false): boolean {
  if (!existsSync(WEB_INDEX)) return false;
  return onlyIfMissing || statSync(WEB_INDEX).mtimeMs >= newestSource();
}

/** Runs the web build unless it is current; throws when the build fails. */
export function ensureWebBuilt(log: (msg: string) => void, options: { onlyIfMissing?: boolean } = {}): void {
  if (webBuildIsCurrent(options.onlyIfMissing)) return;
  log("building the web app (npm run build -w web)");
  const started = Date.now();
  const result = spawnSync("npm", ["run", "--silent", "build", "-w", "web"], {
    cwd: root,
    // Under `npm test` NODE_ENV is "test", which would give React's development build.
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  if (result.status !== 0)
    throw new Error(`the web build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  const budget = /first page JavaScript .*$/m.exec(result.stdout)?.[0];
  log(`web app built in ${Date.now() - started} ms${budget ? `; ${budget}` : ""}`);
}
