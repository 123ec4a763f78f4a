/**
 * `npm run search:reindex` rebuilds the Meilisearch indexes from the database with a progress bar;
 * `npm run search:reindex -- --check` only reports drift (missing, stale and orphaned documents) and exits
 * 1 when there is any. The embedded engine lives inside the API process and is rebuilt at every start;
 * for it, use POST /api/v1/admin/search/reindex and GET /api/v1/admin/search/drift.
 */
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { connectDatabase, createLogger, disconnectDatabase, loadConfig } from "@markedsdialog/core";
import { searchEngineFromConfig } from "@markedsdialog/core/search/index";
import { driftCheck, reindex } from "@markedsdialog/core/search/sync";

const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL, "reindex");
if (!config.MEILI_URL) {
  console.error("MEILI_URL is not set. The embedded index lives in the API process and is rebuilt at start;");
  console.error("use POST /api/v1/admin/search/reindex or GET /api/v1/admin/search/drift with the admin token.");
  process.exit(2);
}
if (!config.MONGO_URL) throw new Error("MONGO_URL is required");
await connectDatabase(config.MONGO_URL, config.MONGO_DB);
const search = searchEngineFromConfig(config, logger);
let exitCode = 0;
try {
  await search.applySettings();
  for (const index of ["suppliers", "needs"] as const) {
    if (values.check) {
      const report = await driftCheck(search, index);
      console.log(
        `${index}: expected ${report.expected}, indexed ${report.indexed}, missing ${report.missing.length}, stale ${report.stale.length}, orphaned ${report.orphaned.length}`,
      );
      if (!report.inSync) exitCode = 1;
      continue;
    }
    const bar = new cliProgress.SingleBar(
      { format: `${index.padEnd(9)} [{bar}] {value}/{total} {duration}s` },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1, 0);
    const result = await reindex(search, index, (done, total) => {
      bar.setTotal(Math.max(total, 1));
      bar.update(done);
    });
    bar.stop();
    console.log(
      `${index}: ${result.indexed} indexed of ${result.records} records, ${result.removed} orphaned documents removed`,
    );
  }
} finally {
  await search.close();
  await disconnectDatabase();
}
process.exit(exitCode);
