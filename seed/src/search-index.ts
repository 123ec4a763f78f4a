import { searchEngineFromConfig, type SearchEngineConfig } from "@markedsdialog/core/search/index";
import { driftCheck, reindex } from "@markedsdialog/core/search/sync";
import type { SeedLog } from "./demo";

/**
 * With Meilisearch (MEILI_URL), seeded records must reach its index, which outlives the processes: apply
 * the settings (awaited), check for drift and rebuild an index that is not in line with the database.
 * An index already in sync is left alone, so a repeated seed writes nothing. Without MEILI_URL nothing
 * is done: the embedded index is rebuilt by the API process at every start.
 */
export async function bringSearchIndexInLine(config: SearchEngineConfig, log: SeedLog): Promise<void> {
  if (!config.MEILI_URL) return;
  const search = searchEngineFromConfig(config);
  try {
    await search.applySettings();
    for (const index of ["suppliers", "needs"] as const) {
      const drift = await driftCheck(search, index);
      if (drift.inSync) {
        log(`search index ${index} in sync`, { documents: drift.indexed });
        continue;
      }
      const fields = { missing: drift.missing.length, stale: drift.stale.length, orphaned: drift.orphaned.length };
      log(`search index ${index} out of line; rebuilding`, fields);
      const result = await reindex(search, index);
      log(`search index ${index} rebuilt`, { indexed: result.indexed, removed: result.removed });
    }
  } finally {
    await search.close();
  }
}
