/**
 * `npm run search:apply-settings`: creates both indexes and applies the settings from this package, waiting
 * for every task. Reads MEILI_URL, MEILI_MASTER_KEY and MEILI_INDEX_PREFIX from the environment.
 */
import { Meilisearch, type Task } from "meilisearch";
import { meiliSettings, searchSettings, type SearchIndexName } from "./index";

const TIMEOUT_MS = 120_000;
/** A settings change re-indexes every document: minutes on a large index. */
const SETTINGS_TIMEOUT_MS = 15 * 60_000;

function fail(message: string): never {
  console.error(`search:apply-settings FAILED: ${message}`);
  process.exit(1);
}

function describeFailure(task: Task): string {
  return `task ${task.uid} (${task.type}) ended ${task.status}: ${task.error?.code ?? "no code"}: ${task.error?.message ?? ""}`;
}

async function applyTo(client: Meilisearch, uid: string, name: SearchIndexName): Promise<void> {
  const settings = searchSettings[name];
  console.log(`- ${uid}: creating the index (primary key ${settings.primaryKey})`);
  const created = await client.createIndex(uid, { primaryKey: settings.primaryKey }).waitTask({ timeout: TIMEOUT_MS });
  if (created.status !== "succeeded" && created.error?.code !== "index_already_exists") {
    fail(describeFailure(created));
  }
  if (created.error?.code === "index_already_exists") console.log(`  ${uid} exists already`);
  const { primaryKey } = await client.getIndex(uid);
  if (primaryKey !== settings.primaryKey) fail(`${uid} has primary key ${primaryKey}, not ${settings.primaryKey}`);
  console.log(`- ${uid}: updating settings`);
  const updated = await client
    .index(uid)
    .updateSettings(meiliSettings(settings))
    .waitTask({ timeout: SETTINGS_TIMEOUT_MS });
  if (updated.status !== "succeeded") fail(describeFailure(updated));
  console.log(`  ${uid}: settings in force (task ${updated.uid}, ${updated.duration ?? "?"})`);
}

async function main(): Promise<void> {
  const host = process.env.MEILI_URL;
  if (!host) fail("MEILI_URL is not set");
  const prefix = process.env.MEILI_INDEX_PREFIX ?? "";
  const client = new Meilisearch({ host, apiKey: process.env.MEILI_MASTER_KEY, timeout: 30_000 });
  console.log(`Applying search settings to ${host} (index prefix "${prefix}")`);
  for (const name of Object.keys(searchSettings) as SearchIndexName[]) {
    await applyTo(client, `${prefix}${name}`, name);
  }
  console.log("All search settings applied.");
}

main().catch((error: unknown) => fail(error instanceof Error ? `${error.name}: ${error.message}` : String(error)));
