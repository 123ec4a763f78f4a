/**
 * The supplier's side: open needs matching its subscriptions, its profile (when opted in) and the groups it
 * follows. Each source runs as a filtered search on the needs index (the read model of open needs), newest
 * first, and every hit is then checked with the same functions matchNeed uses (check.ts), so both sides
 * agree on what matches and why.
 */
import { BuyerGroup } from "../buyer-groups/buyer-group.model";
import { summaryFromDoc } from "../needs/need-search";
import type { NeedSummary } from "../needs/present";
import { SupplierProfile, type SupplierProfileRecord } from "../suppliers/supplier-profile.model";
import { Subscription, type SubscriptionRecord } from "../subscriptions/subscription.model";
import { toSupplierDoc } from "../search/documents";
import { MAX_IN_VALUES } from "../search/filters";
import { NATIONAL } from "../search/places";
import type { Filter, NeedSearchDoc, SearchEngine, SearchQuery } from "../search/types";
import { checkProfile, nearestPlace, tenths } from "./check";
import { compileSubscription, type SubscriptionCriteria } from "./criteria";
import { explain } from "./explain";
import { DEFAULT_DELIVERY, subscriptionMatch, type MatchSource } from "./match-need";
import { needFacts, type NeedFacts } from "./need-facts";
import { placeCriterionKeys } from "./postings";
import { collectHits, withCheckDigits } from "./profiles";
import { mergeReasons, type MatchReason } from "./reasons";
import { scoreReasons } from "./score";

/** Newest open needs read per source; the answer says `truncated` when a source had more. */
export const SOURCE_CAP = 1000;

export interface SupplierMatch {
  need: NeedSummary;
  score: number;
  explanation: string;
  reasons: MatchReason[];
  distanceKm?: number;
  sources: MatchSource[];
}

interface Group {
  id: string;
  name: string;
  members: string[];
}

interface Source {
  queries: Omit<SearchQuery, "page" | "limit">[];
  check: (facts: NeedFacts) => MatchSource | undefined;
}

const newest = { sort: { field: "publishedAt", direction: "desc" } } as const;
const within = (values: string[]): boolean => values.length > 0 && values.length <= MAX_IN_VALUES;

/** The needs index queries whose hits hold every need the subscription can match (a superset; check.ts decides). */
function subscriptionQueries(c: SubscriptionCriteria, groups: Map<string, Group>): Source["queries"] {
  const filters: Filter[] = [];
  if (c.cpv) filters.push({ field: "cpvCodes", op: "in", values: c.cpv });
  const places = c.places || c.radius ? placeCriterionKeys(c) : [];
  if (within(places)) filters.push({ field: "places", op: "in", values: places });
  if (c.buyers || c.groups) {
    const buyers = [
      ...new Set([...(c.buyers ?? []), ...(c.groups ?? []).flatMap((id) => groups.get(id)?.members ?? [])]),
    ];
    if (buyers.length === 0) return [];
    if (within(buyers)) filters.push({ field: "buyerId", op: "in", values: buyers });
  }
  if (c.minValue !== undefined) filters.push({ field: "valueMax", op: "gte", value: c.minValue });
  if (c.maxValue !== undefined) filters.push({ field: "valueMin", op: "lte", value: c.maxValue });
  if (c.procedures) filters.push({ field: "procedure", op: "in", values: c.procedures });
  if (c.smeOnly) filters.push({ field: "smeSuitable", op: "eq", value: true });
  const narrowed = c.cpv || within(places) || c.buyers || c.groups;
  // Keywords alone: one text search per keyword narrows the needs to those that have its words.
  if (!narrowed && c.keywords) return c.keywords.map((k) => ({ q: k.text, filters, ...newest }));
  return [{ filters, ...newest }];
}

/** Place tokens of needs lying where the supplier delivers (none: it delivers nationwide, any need will do). */
function servedNeedTokens(serves: string[]): string[] | undefined {
  if (serves.includes(NATIONAL)) return undefined;
  const tokens = new Set<string>([NATIONAL]);
  for (const token of serves) {
    if (token.startsWith("m:")) tokens.add(token);
    if (token.startsWith("c:")) tokens.add(`in:${token.slice(2)}`).add(token);
    if (token.startsWith("in:")) tokens.add(`c:${token.slice(3)}`);
  }
  return [...tokens].sort();
}

function profileSource(profile: SupplierProfileRecord): Source {
  const doc = toSupplierDoc(profile, undefined); // only its codes and places are read here
  const tokens = servedNeedTokens(doc.serves);
  const coverage: Filter[] = tokens && within(tokens) ? [{ field: "places", op: "in", values: tokens }] : [];
  const own = [...new Set(doc.cpv.map((code) => code.slice(0, 8)))];
  const queries = [
    // The need's code at or under the supplier's.
    {
      filters: [...coverage, { field: "cpvCodes", op: "in", values: own.slice(0, MAX_IN_VALUES) } as Filter],
      ...newest,
    },
    // The need's own code above the supplier's.
    ...chunksOf(withCheckDigits(doc.cpvCodes)).map((codes) => ({
      filters: [...coverage, { field: "cpv", op: "in", values: codes } as Filter],
      ...newest,
    })),
  ];
  return {
    queries,
    check: (facts) => {
      const reasons = checkProfile(doc, facts);
      return reasons && { type: "profile", delivery: DEFAULT_DELIVERY, reasons };
    },
  };
}

async function loadGroups(ids: string[]): Promise<Map<string, Group>> {
  const groups = await Promise.all(ids.map((id) => BuyerGroup.findById(id, { name: 1, members: 1 }).lean()));
  return new Map(
    groups.flatMap((g) =>
      g ? [[g._id.toString(), { id: g._id.toString(), name: g.name, members: g.members.map(String) }]] : [],
    ),
  );
}

export async function matchSupplier(
  orgId: string,
  search: SearchEngine,
): Promise<{ matches: SupplierMatch[]; truncated: boolean }> {
  const [records, profile, followed] = await Promise.all([
    Subscription.find({ orgId }).lean<SubscriptionRecord[]>(),
    SupplierProfile.findById(orgId).lean<SupplierProfileRecord>(),
    // BuyerGroup's `followers` index: the groups a supplier follows.
    BuyerGroup.find({ followers: orgId }, { _id: 1 }).lean(),
  ]);
  const subscriptions = records.filter((r) => !r.deletedAt).map(compileSubscription);
  const groupIds = [
    ...new Set([...subscriptions.flatMap((c) => c.groups ?? []), ...followed.map((g) => g._id.toString())]),
  ];
  const groups = await loadGroups(groupIds);
  const sources: Source[] = subscriptions.map((c) => ({
    queries: subscriptionQueries(c, groups),
    check: (facts) => subscriptionMatch(c, facts),
  }));
  for (const { _id } of followed) {
    const group = groups.get(_id.toString());
    if (!group || group.members.length === 0) continue;
    const reasons: MatchReason[] = [{ kind: "group", groupId: group.id, name: group.name, via: "follow" }];
    sources.push({
      queries: chunksOf(group.members).map((members) => ({
        filters: [{ field: "buyerId", op: "in", values: members } as Filter],
        ...newest,
      })),
      check: (facts) =>
        facts.groups.some((g) => g.id === group.id)
          ? { type: "follow", groupId: group.id, groupName: group.name, delivery: DEFAULT_DELIVERY, reasons }
          : undefined,
    });
  }
  const live = profile && !profile.deletedAt ? profile : undefined;
  if (live?.matchOnProfile) sources.push(profileSource(live));

  const found = new Map<string, { doc: NeedSearchDoc; facts: NeedFacts; sources: MatchSource[] }>();
  let truncated = false;
  for (const source of sources) {
    for (const query of source.queries) {
      const result = await collectHits(search, "needs", query, SOURCE_CAP);
      truncated ||= result.truncated;
      for (const doc of result.docs) {
        let entry = found.get(doc.id);
        if (!entry) {
          const memberOf = [...groups.values()].filter((g) => g.members.includes(doc.buyerId));
          entry = { doc, facts: needFacts(doc, memberOf), sources: [] };
          found.set(doc.id, entry);
        }
        const matched = source.check(entry.facts);
        if (matched && !entry.sources.includes(matched) && !entry.sources.some((s) => sameSource(s, matched)))
          entry.sources.push(matched);
      }
    }
  }
  const home = live?.location;
  const matches = [...found.values()]
    .filter((entry) => entry.sources.length > 0)
    .map(({ doc, facts, sources: matched }): SupplierMatch => {
      const nearest =
        home?.lat != null && home.lon != null ? nearestPlace(facts, { lat: home.lat, lon: home.lon }) : undefined;
      const local = nearest && tenths(nearest);
      const reasons = mergeReasons([...matched.map((s) => s.reasons), local ? [local] : []]);
      const distance = reasons.find((r) => r.kind === "distance");
      return {
        need: summaryFromDoc(doc),
        score: scoreReasons(reasons),
        explanation: explain(reasons),
        reasons,
        ...(distance?.kind === "distance" && { distanceKm: distance.km }),
        sources: matched,
      };
    })
    .sort(
      (a, b) =>
        b.score - a.score ||
        (b.need.publishedAt ?? "").localeCompare(a.need.publishedAt ?? "") ||
        a.need.id.localeCompare(b.need.id),
    );
  return { matches, truncated };
}

function sameSource(a: MatchSource, b: MatchSource): boolean {
  if (a.type === "subscription" && b.type === "subscription") return a.subscriptionId === b.subscriptionId;
  if (a.type === "follow" && b.type === "follow") return a.groupId === b.groupId;
  return a.type === b.type;
}

const chunksOf = (list: string[]): string[][] =>
  Array.from({ length: Math.ceil(list.length / MAX_IN_VALUES) }, (_, i) =>
    list.slice(i * MAX_IN_VALUES, (i + 1) * MAX_IN_VALUES),
  );
