/**
 * The first page's JavaScript, gzipped: the entry chunk of index.html and every chunk it imports
 * statically (the lazily loaded pages and the map data are not counted: the first page does not wait for
 * them). The build fails when it passes BUDGET_BYTES.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export const BUDGET_BYTES = 250 * 1024;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

export interface Budget {
  files: { file: string; gzipBytes: number }[];
  totalBytes: number;
  withinBudget: boolean;
}

export function firstPageJs(distDir: string): Budget {
  const manifest = JSON.parse(readFileSync(join(distDir, ".vite", "manifest.json"), "utf8")) as Record<
    string,
    ManifestChunk
  >;
  const entry = manifest["index.html"];
  if (!entry) throw new Error("the build's manifest has no index.html entry");
  const seen = new Set<string>();
  const visit = (chunk: ManifestChunk) => {
    if (seen.has(chunk.file)) return;
    seen.add(chunk.file);
    for (const name of chunk.imports ?? []) {
      const imported = manifest[name];
      if (imported) visit(imported);
    }
  };
  visit(entry);
  const files = [...seen]
    .filter((file) => file.endsWith(".js"))
    .map((file) => ({ file, gzipBytes: gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length }));
  const totalBytes = files.reduce((sum, f) => sum + f.gzipBytes, 0);
  return { files, totalBytes, withinBudget: totalBytes <= BUDGET_BYTES };
}
