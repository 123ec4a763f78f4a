/**
 * `npm run build -w web` (and `npm run build:web`): the web app, checked against the API.
 * 1. writes src/api/schema.d.ts from the API's OpenAPI document (no services needed);
 * 2. writes the map's shapes (public/geo/*.json) from the boundaries in data/geo when missing or older;
 * 3. typechecks src (tsc --noEmit): a call that no longer fits the API fails here;
 * 4. builds with Vite into dist/ (it prints every file's size, raw and gzipped);
 * 5. fails when the first page's JavaScript is over 250 KB gzipped;
 * 6. writes a gzipped copy of each script, stylesheet and map file (`.gz`), which the API sends to browsers
 *    that take gzip.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { BUDGET_BYTES, firstPageJs } from "./budget";
import { writeMapShapes } from "./geo";
import { writeSchemaTypes } from "./openapi";

const webDir = fileURLToPath(new URL("..", import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

console.log((await writeSchemaTypes()) ? "web: wrote src/api/schema.d.ts" : "web: src/api/schema.d.ts is current");
for (const line of writeMapShapes()) console.log(`web: ${line}`);

const tsc = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, "-p", `${webDir}tsconfig.json`], {
  stdio: "inherit",
});
if (tsc.status !== 0) {
  console.error("web: the typecheck failed (does the client still fit the API? see above)");
  process.exit(1);
}

await build({ configFile: `${webDir}vite.config.ts`, logLevel: "info" });

const budget = firstPageJs(`${webDir}dist`);
for (const f of budget.files) console.log(`web: first page  ${f.file}  ${kb(f.gzipBytes)} gzipped`);
console.log(`web: first page JavaScript ${kb(budget.totalBytes)} gzipped (budget ${kb(BUDGET_BYTES)})`);
if (!budget.withinBudget) {
  console.error("web: the first page's JavaScript is over its budget");
  process.exit(1);
}

const dist = `${webDir}dist`;
let compressed = 0;
for (const name of readdirSync(dist, { recursive: true, encoding: "utf8" })) {
  if (!/\.(js|css|json|svg)$/.test(name) || name.startsWith(".vite")) continue;
  writeFileSync(`${join(dist, name)}.gz`, gzipSync(readFileSync(join(dist, name)), { level: 9 }));
  compressed++;
}
console.log(`web: wrote gzipped copies of ${compressed} files`);
process.exit(0);
