/**
 * The search engines a suite runs against: the embedded engine always, Meilisearch when the test runner
 * started one (TEST_MEILI_URL) or MEILI_URL names one. Each Meilisearch run uses indexes with a fresh
 * prefix and deletes them afterwards.
 */
import { it } from "node:test";
import { Meilisearch } from "meilisearch";

export type EngineName = "embedded" | "meilisearch";

export interface MeiliServer {
  url: string;
  key?: string;
}

/** The Meilisearch server for the tests, if there is one. */
export function meiliServer(): MeiliServer | undefined {
  const url = process.env.TEST_MEILI_URL || process.env.MEILI_URL;
  if (!url) return undefined;
  const key = process.env.TEST_MEILI_URL ? process.env.TEST_MEILI_MASTER_KEY : process.env.MEILI_MASTER_KEY;
  return { url, ...(key && { key }) };
}

/** The engines to run a suite against, embedded first. */
export const testEngines: EngineName[] = meiliServer() ? ["embedded", "meilisearch"] : ["embedded"];

/** Without a Meilisearch server: one skipped test that says what did not run, so the summary counts it. */
export function reportSkippedMeili(suite: string): void {
  if (meiliServer()) return;
  const why = "no Meilisearch: TEST_MEILI_URL and MEILI_URL are unset (npm test starts one when its binary exists)";
  console.log(`${suite} on Meilisearch SKIPPED: ${why}; only the embedded engine was tested.`);
  it(`${suite}: meilisearch`, { skip: `${suite} not run on Meilisearch: ${why}` }, () => {});
}

/** Deletes the indexes with this prefix (both of them), waiting until they are gone. */
export async function dropMeiliIndexes(server: MeiliServer, prefix: string): Promise<void> {
  const client = new Meilisearch({ host: server.url, apiKey: server.key });
  for (const index of ["suppliers", "needs"]) {
    const task = await client.deleteIndex(`${prefix}${index}`).waitTask({ timeout: 60_000 });
    if (task.status !== "succeeded" && task.error?.code !== "index_not_found") {
      throw new Error(`could not delete Meilisearch index ${prefix}${index}: ${task.error?.message ?? task.status}`);
    }
  }
}
