/**
 * Test tools that are not npm packages: schemathesis (PyPI), which fuzzes the API from its OpenAPI
 * document, installed once into the git-ignored .tools/venv. Without python3 or the registry, the fuzz
 * suite says it was skipped.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const venv = fileURLToPath(new URL("../.tools/venv/", import.meta.url));

export function ensureSchemathesis(log: (msg: string) => void): boolean {
  if (existsSync(`${venv}bin/st`)) return true;
  if (spawnSync("python3", ["--version"]).status !== 0) {
    log("test-tools: python3 not found; the schemathesis suite will be skipped");
    return false;
  }
  log("test-tools: installing schemathesis into .tools/venv (one time)…");
  const steps = [
    ["python3", ["-m", "venv", venv]],
    [`${venv}bin/pip`, ["install", "--quiet", "--disable-pip-version-check", "schemathesis==4.32.5"]],
  ] as const;
  for (const [command, args] of steps) {
    const run = spawnSync(command, args, { stdio: ["ignore", "ignore", "inherit"], timeout: 600_000 });
    if (run.status !== 0) {
      log(`test-tools: ${command} ${args.join(" ")} failed; the schemathesis suite will be skipped`);
      return false;
    }
  }
  return existsSync(`${venv}bin/st`);
}
