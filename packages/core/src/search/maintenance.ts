/** The platform admin's view of the search indexes: drift of both, and rebuilding both from the database. */
import { type Actor, requireAdmin } from "../auth/actor";
import { requireSearchEngine } from "./answer";
import { driftCheck, reindex } from "./sync";
import type { SearchEngine } from "./types";

export async function checkSearchDrift(actor: Actor, search: SearchEngine | undefined) {
  requireAdmin(actor);
  const engine = requireSearchEngine(search);
  return { suppliers: await driftCheck(engine, "suppliers"), needs: await driftCheck(engine, "needs") };
}

export async function rebuildSearchIndexes(actor: Actor, search: SearchEngine | undefined) {
  requireAdmin(actor);
  const engine = requireSearchEngine(search);
  return { suppliers: await reindex(engine, "suppliers"), needs: await reindex(engine, "needs") };
}
