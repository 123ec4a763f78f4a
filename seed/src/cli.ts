/**
 * `npm run seed -- [--demo] [--size N] [--suppliers N] [--needs N] [--seed S] [--no-progress]`
 * Seeds the database named by MONGO_URL / MONGO_DB: the demo (default when no size is given, unless
 * SEED=none), generated benchmark data, or both; with MEILI_URL set, then brings the search index in line.
 * docker-compose runs it as the one-shot `seed` service before the API starts.
 */
import { parseArgs } from "node:util";
import { ConfigError, connectDatabase, disconnectDatabase, loadConfig } from "@markedsdialog/core";
import { seedDemo } from "./demo";
import { DEMO_PASSWORD } from "./demo-users";
import { GENERATE_LIMIT, generate } from "./generate";
import { bringSearchIndexInLine } from "./search-index";
import { seedSetting } from "./setting";

const HELP = `Usage: npm run seed -- [options]

  --demo            Seed the demo: Follo, Østfold and Sør-Vest buyers with about 60 needs, three buyer
                    groups, about 300 suppliers, three demo API keys and three demo users. Idempotent: a second run creates
                    nothing. The default when no size is given, unless SEED=none.
  --size N          Generate N suppliers and N needs for benchmarks (up to ${GENERATE_LIMIT.toLocaleString("en")}), plus
                    one buyer per municipality and county municipality.
  --suppliers N     Generate N suppliers (overrides --size).
  --needs N         Generate N needs (overrides --size).
  --seed S          Seed of the generated data, 0 to 65535 (default 1): the same seed gives the same records.
  --no-progress     No progress bars.
  -h, --help        This text.

Generated data is written with insertMany, bypassing the services and the queue. With MEILI_URL set, the
seed ends by applying the index settings and rebuilding each Meilisearch index that the drift check finds out
of line with the database (an index in sync is left alone). The embedded index is rebuilt by the API at start.
Re-running with the same seed tops up: records already stored are skipped, so --size 20000 after --size 10000
adds 10000 of each, and repeating a run adds nothing. Nothing is deleted. Seeds equal modulo 80 share
organisation numbers, so use only one of them per database.

Environment: MONGO_URL (required), MONGO_DB (default markedsdialog), SEED (demo or none: whether to seed
the demo when no option says what to seed), MEILI_URL, MEILI_MASTER_KEY, MEILI_INDEX_PREFIX.`;

const log = (msg: string, fields: object = {}) => {
  const pairs = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  console.error(`seed: ${[msg, ...pairs].join(" ")}`);
};

function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < 0 || n > GENERATE_LIMIT)
    throw new RangeError(`--${name} must be a whole number from 0 to ${GENERATE_LIMIT}`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      demo: { type: "boolean" },
      size: { type: "string" },
      suppliers: { type: "string" },
      needs: { type: "string" },
      seed: { type: "string" },
      "no-progress": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const size = count("size", values.size);
  const suppliers = count("suppliers", values.suppliers) ?? size;
  const needs = count("needs", values.needs) ?? size;
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const generating = suppliers !== undefined || needs !== undefined;
  const config = loadConfig();
  const demo = values.demo ?? (!generating && seedSetting() === "demo");
  if (!demo && !generating) {
    log("SEED=none: nothing to seed");
    return 0;
  }
  if (!config.MONGO_URL) {
    console.error(
      "seed: MONGO_URL is not set. Point it at MongoDB or FerretDB, for example\n" +
        "  MONGO_URL=mongodb://127.0.0.1:27017/ npm run seed -- --demo\n" +
        "(Without MONGO_URL, `npm start` runs a local FerretDB of its own.)",
    );
    return 1;
  }
  await connectDatabase(config.MONGO_URL, config.MONGO_DB);
  try {
    if (demo) {
      const begun = Date.now();
      const summary = await seedDemo({ log });
      log("demo done", {
        ms: Date.now() - begun,
        organizations: summary.organizations,
        needs: summary.needs,
        suppliers: summary.suppliers,
        groups: summary.groups,
        created: summary.created,
      });
      for (const key of summary.keys) console.log(`demo key (${key.kind}, ${key.organization}): ${key.token}`);
      for (const user of summary.users)
        console.log(`demo user (${user.kind}, ${user.organization}): ${user.email} / ${DEMO_PASSWORD}`);
    }
    if (generating) {
      const summary = await generate({
        suppliers: suppliers ?? 0,
        needs: needs ?? 0,
        seed,
        progress: !values["no-progress"] && process.stderr.isTTY,
        log,
      });
      log("generate done", { db: config.MONGO_DB, ...summary });
    }
    await bringSearchIndexInLine(config, log);
  } finally {
    await disconnectDatabase();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof RangeError || error instanceof TypeError)
      console.error(`seed: ${error.message}`);
    else console.error("seed: failed", error);
    process.exit(1);
  },
);
