/** Who may see which matches, and the admin's view of the candidate index. */
import { z } from "zod";
import { type Actor, requireAdmin, requireAuthenticated } from "../auth/actor";
import { AppError, forbidden, notFound } from "../errors";
import { Need, type NeedRecord } from "../needs/need.model";
import { parseId } from "../platform/ids";
import { pageQuery } from "../shared/schemas";
import type { SearchEngine } from "../search/types";
import type { MatchIndex } from "./match-index";
import { matchIndexDrift, repairMatchIndex } from "./match-index-repair";
import { matchNeedRun, type MatchSource, type NeedMatch } from "./match-need";
import { matchSupplier } from "./supplier-matches";

export const matchesQuerySchema = z.strictObject({ ...pageQuery });
export type MatchesQuery = z.infer<typeof matchesQuerySchema>;

const page = <T>(items: T[], query: MatchesQuery) =>
  items.slice((query.page - 1) * query.limit, query.page * query.limit);

/** What a buyer is shown of a source: its kind (and group), never the supplier's saved criteria or addresses. */
function sourceForBuyer(source: MatchSource) {
  return source.type === "follow"
    ? { type: source.type, groupId: source.groupId, groupName: source.groupName }
    : { type: source.type };
}

function forBuyer(match: NeedMatch) {
  return {
    supplier: { id: match.supplierId, ...(match.supplierName && { name: match.supplierName }) },
    score: match.score,
    explanation: match.explanation,
    reasons: match.reasons,
    ...(match.distanceKm !== undefined && { distanceKm: match.distanceKm }),
    sources: [...new Map(match.sources.map((s) => [JSON.stringify(sourceForBuyer(s)), sourceForBuyer(s)])).values()],
  };
}

/**
 * The suppliers a need reaches, for its buyer and the admin: best first, nearer first on a tie. Drafts
 * too (who would hear of it when published); other organisations get 403, a draft they may not see 404.
 */
export async function listNeedMatches(
  actor: Actor,
  needId: string,
  query: MatchesQuery,
  deps: { index: MatchIndex; search?: SearchEngine },
) {
  requireAuthenticated(actor);
  const need = await Need.findById(parseId(needId, "need")).lean<NeedRecord>();
  if (!need) throw notFound("Need");
  const own = actor.type === "admin" || (actor.type === "organization" && actor.orgId === need.buyerId.toString());
  if (!own && need.status === "draft") throw notFound("Need");
  if (!own) throw forbidden("Only the need's buyer sees whom it reaches");
  const run = await matchNeedRun(need, { ...deps, names: true });
  return {
    needId: need._id.toString(),
    items: page(run.matches, query).map(forBuyer),
    total: run.matches.length,
    page: query.page,
    limit: query.limit,
    truncated: run.truncated,
  };
}

/** Open needs matching a supplier's subscriptions, profile and follows: for the supplier itself and the admin. */
export async function listSupplierMatches(
  actor: Actor,
  orgId: string,
  query: MatchesQuery,
  search: SearchEngine | undefined,
) {
  requireAuthenticated(actor);
  const supplierId = parseId(orgId, "supplier").toString();
  if (actor.type === "organization" && (actor.kind !== "supplier" || actor.orgId !== supplierId))
    throw forbidden("A supplier sees its own matches only");
  if (!search) throw new AppError("unavailable", "Search is not available");
  const { matches, truncated } = await matchSupplier(supplierId, search);
  return {
    supplierId,
    items: page(matches, query),
    total: matches.length,
    page: query.page,
    limit: query.limit,
    truncated,
  };
}

export async function checkMatchIndex(actor: Actor, index: MatchIndex) {
  requireAdmin(actor);
  return matchIndexDrift(index);
}

export async function rebuildMatchIndex(actor: Actor, index: MatchIndex) {
  requireAdmin(actor);
  return repairMatchIndex(index);
}
