/** Matching one need: every supplier it should reach, why, and how each wants to hear of it. */
import { allBuyerGroups, type GroupStamp } from "../buyer-groups/group-cache";
import type { NeedRecord } from "../needs/need.model";
import { Organization } from "../organizations/organization.model";
import { toNeedDoc } from "../search/documents";
import { latLon } from "../search/geo-point";
import type { NeedSearchDoc, SearchEngine, SupplierSearchDoc } from "../search/types";
import { checkProfile, checkSubscription, nearestPlace, tenths } from "./check";
import type { Delivery, SubscriptionCriteria } from "./criteria";
import { explain } from "./explain";
import type { MatchIndex } from "./match-index";
import { needFacts, type GroupRef, type NeedFacts } from "./need-facts";
import { needKeys } from "./postings";
import { profileCandidates } from "./profiles";
import { mergeReasons, type MatchReason } from "./reasons";
import { scoreReasons } from "./score";

/** Profile matches and group follows have no settings of their own: they go to the in-app inbox at once. */
export const DEFAULT_DELIVERY: Delivery = { channels: ["inapp"], frequency: "instant" };

/** One reason a supplier is matched, with the delivery settings that come with it. */
export type MatchSource =
  | {
      type: "subscription";
      subscriptionId: string;
      version: number;
      name?: string;
      delivery: Delivery;
      reasons: MatchReason[];
    }
  | { type: "profile"; delivery: Delivery; reasons: MatchReason[] }
  | { type: "follow"; groupId: string; groupName: string; delivery: Delivery; reasons: MatchReason[] };

export interface NeedMatch {
  needId: string;
  /** The need's version matched: with needId and supplierId, a natural idempotency key for notifying. */
  needVersion: number;
  supplierId: string;
  supplierName?: string;
  /** 0–100, from the merged reasons (score.ts). */
  score: number;
  /** Norwegian, one phrase per reason (explain.ts). */
  explanation: string;
  reasons: MatchReason[];
  /** From the supplier's location (profile) or a subscription's point to the need's nearest municipality. */
  distanceKm?: number;
  /** Every subscription that matched, the profile, the followed groups: at least one. */
  sources: MatchSource[];
}

export interface MatchDeps {
  index: MatchIndex;
  /** The search engine: profile matching and suppliers' locations. Without it, subscriptions and follows only. */
  search?: SearchEngine;
  /** Also name suppliers without a search document (no profile), from the database: one read by `_id` each. */
  names?: boolean;
}

export interface MatchRun {
  matches: NeedMatch[];
  /** Subscriptions the index gave as candidates, and opted-in profiles the search gave. */
  examined: { subscriptions: number; profiles: number };
  /** Profile candidates reached the search index's window (2,000 suppliers): farther ones were not checked. */
  truncated: boolean;
  /** Milliseconds per step, for logs and the benchmark. */
  ms: Record<"groups" | "candidates" | "check" | "profiles" | "suppliers" | "assemble", number>;
}

/**
 * The groups a buyer is a member of, with their followers, as they are at match time, so membership
 * changes count at once: from the process's copy while the groups' stamp says none changed
 * (buyer-groups/group-cache.ts), from the database without a stamp.
 */
export async function groupsOfBuyer(
  buyerId: string,
  stamp?: GroupStamp,
): Promise<(GroupRef & { followers: string[] })[]> {
  const groups = await allBuyerGroups(stamp);
  return groups.filter((g) => g.members.includes(buyerId)).map(({ id, name, followers }) => ({ id, name, followers }));
}

/** Suppliers' search documents (their location and name), fetched together; none when the engine fails. */
async function supplierDocs(search: SearchEngine | undefined, ids: string[]): Promise<Map<string, SupplierSearchDoc>> {
  if (!search || ids.length === 0) return new Map();
  const docs = await search.getMany("suppliers", ids).catch(() => []);
  return new Map(docs.map((doc) => [doc.id, doc]));
}

async function organizationNames(ids: string[]): Promise<Map<string, string>> {
  const orgs = await Promise.all(ids.map((id) => Organization.findById(id, { name: 1 }).lean()));
  return new Map(orgs.flatMap((org) => (org ? [[org._id.toString(), org.name] as const] : [])));
}

function collectSources(facts: NeedFacts, criteria: Awaited<ReturnType<MatchIndex["candidates"]>>["criteria"]) {
  const bySupplier = new Map<string, MatchSource[]>();
  const add = (supplierId: string, source: MatchSource) =>
    bySupplier.set(supplierId, [...(bySupplier.get(supplierId) ?? []), source]);
  for (const c of criteria) {
    const source = subscriptionMatch(c, facts);
    if (source) add(c.supplierId, source);
  }
  return { bySupplier, add };
}

/**
 * Every supplier the need should reach, once each, best first (score, then nearer, then id):
 * - saved subscriptions: candidates from the index (postings.ts) under the need's codes with their
 *   ancestors, places, buyer, buyer's groups and words, each then checked on every criterion (check.ts);
 * - profiles of suppliers who opted in: CPV overlap either way through the tree and the need where they
 *   deliver (profiles.ts, through the suppliers search index);
 * - followers of a buyer group the need's buyer belongs to ("following a group subscribes to it").
 * Each match carries its score and Norwegian explanation, the distance to the supplier when its location is
 * known ("local" ranks, it never excludes), and its sources, each with the delivery settings (channels,
 * frequency, digest hour, webhook, e-mail) that came with it: notify each supplier once, over the union of
 * its sources' channels. Reads: the need's buyer's groups (database), the index (Redis), the search engine.
 * Deterministic for the same data. The need's status is not looked at: callers decide what to match.
 */
export async function matchNeed(need: NeedRecord | NeedSearchDoc, deps: MatchDeps): Promise<NeedMatch[]> {
  return (await matchNeedRun(need, deps)).matches;
}

export async function matchNeedRun(need: NeedRecord | NeedSearchDoc, deps: MatchDeps): Promise<MatchRun> {
  const ms = { groups: 0, candidates: 0, check: 0, profiles: 0, suppliers: 0, assemble: 0 };
  let lap = performance.now();
  const step = (name: keyof typeof ms) => {
    const now = performance.now();
    ms[name] = Math.round((now - lap) * 100) / 100;
    lap = now;
  };
  const doc = "_id" in need ? toNeedDoc(need) : need;
  const groups = await groupsOfBuyer(doc.buyerId, deps.index.groups);
  const facts = needFacts(doc, groups);
  step("groups");
  const candidates = await deps.index.candidates(needKeys(facts));
  step("candidates");
  const { bySupplier, add } = collectSources(facts, candidates.criteria);
  for (const group of groups) {
    const reasons: MatchReason[] = [{ kind: "group", groupId: group.id, name: group.name, via: "follow" }];
    for (const supplierId of group.followers)
      add(supplierId, {
        type: "follow",
        groupId: group.id,
        groupName: group.name,
        delivery: DEFAULT_DELIVERY,
        reasons,
      });
  }
  step("check");
  const profiles = deps.search ? await profileCandidates(deps.search, facts) : { docs: [], truncated: false };
  const docs = new Map(profiles.docs.map((d) => [d.id, d]));
  for (const profile of profiles.docs) {
    const reasons = checkProfile(profile, facts);
    if (reasons) add(profile.id, { type: "profile", delivery: DEFAULT_DELIVERY, reasons });
  }
  step("profiles");
  const withoutDoc = [...bySupplier.keys()].filter((id) => !docs.has(id));
  for (const [id, d] of await supplierDocs(deps.search, withoutDoc)) docs.set(id, d);
  const names = deps.names ? await organizationNames([...bySupplier.keys()].filter((id) => !docs.has(id))) : new Map();
  step("suppliers");

  const matches = [...bySupplier].map(([supplierId, sources]): NeedMatch => {
    const home = docs.get(supplierId)?._geo;
    const nearest = home && nearestPlace(facts, latLon(home));
    const local = nearest && tenths(nearest);
    const reasons = mergeReasons([...sources.map((s) => s.reasons), local ? [local] : []]);
    const distance = reasons.find((r) => r.kind === "distance");
    const name = docs.get(supplierId)?.name ?? names.get(supplierId);
    return {
      needId: facts.id,
      needVersion: facts.version,
      supplierId,
      ...(name && { supplierName: name }),
      score: scoreReasons(reasons),
      explanation: explain(reasons),
      reasons,
      ...(distance?.kind === "distance" && { distanceKm: distance.km }),
      sources,
    };
  });
  matches.sort(byScoreThenNearness);
  step("assemble");
  return {
    matches,
    examined: { subscriptions: candidates.examined, profiles: profiles.docs.length },
    truncated: profiles.truncated,
    ms,
  };
}

/** Best score first; on a tie the nearer supplier (unknown distance last), then the id. */
export function byScoreThenNearness(
  a: { score: number; distanceKm?: number; supplierId: string },
  b: { score: number; distanceKm?: number; supplierId: string },
): number {
  return (
    b.score - a.score ||
    (a.distanceKm ?? Infinity) - (b.distanceKm ?? Infinity) ||
    (a.supplierId < b.supplierId ? -1 : a.supplierId > b.supplierId ? 1 : 0)
  );
}

/** The subscription as a source of the need's match, with its reasons; undefined when it does not match. */
export function subscriptionMatch(c: SubscriptionCriteria, facts: NeedFacts): MatchSource | undefined {
  const reasons = checkSubscription(c, facts);
  return (
    reasons && {
      type: "subscription",
      subscriptionId: c.id,
      version: c.version,
      ...(c.name && { name: c.name }),
      delivery: c.delivery,
      reasons,
    }
  );
}
