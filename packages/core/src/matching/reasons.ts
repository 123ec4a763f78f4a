/** Why a need matched a supplier: the reasons score.ts weighs and explain.ts tells in Norwegian. */

export type MatchReason =
  /** under: the need's code lies under theirs; over: theirs lies under the need's; levels: digits apart. */
  | { kind: "cpv"; needCode: string; theirCode: string; relation: "same" | "under" | "over"; levels: number }
  /**
   * Where: the need is in a municipality or county the subscription names, applies to a whole county or the
   * whole country, or (profiles) lies in the supplier's service area.
   */
  | {
      kind: "place";
      scope: "municipality" | "county" | "wholeCounty" | "national" | "serves";
      code: string;
      name: string;
    }
  /** Kilometres from the supplier (or the subscription's point) to the need's nearest place. */
  | { kind: "distance"; km: number; from: string }
  | { kind: "buyer"; buyerId: string; name: string }
  /** via: a subscription naming the group, or following the group. */
  | { kind: "group"; groupId: string; name: string; via: "subscription" | "follow" }
  /** The words that matched, as written; of: how many keywords the subscription has (none for profiles). */
  | { kind: "words"; words: string[]; of?: number }
  /** The need's estimated value (NOK), both ends known: a value criterion needs them. */
  | { kind: "value"; min: number; max: number }
  | { kind: "procedure"; procedure: string }
  | { kind: "sme" };

export type ReasonKind = MatchReason["kind"];

/** The order reasons are told in. */
export const REASON_ORDER: ReasonKind[] = [
  "cpv",
  "place",
  "distance",
  "buyer",
  "group",
  "words",
  "value",
  "procedure",
  "sme",
];

const keyOf = (reason: MatchReason): string => {
  switch (reason.kind) {
    case "cpv":
    case "distance":
    case "value":
    case "procedure":
    case "sme":
    case "words":
      return reason.kind;
    case "place":
      return `place:${reason.scope}:${reason.code}`;
    case "buyer":
      return `buyer:${reason.buyerId}`;
    case "group":
      return `group:${reason.groupId}`;
  }
};

/** How good a CPV reason is: the same code, then the fewest levels apart, a need under theirs first. */
const cpvRank = (r: Extract<MatchReason, { kind: "cpv" }>): number =>
  r.relation === "same" ? 0 : r.levels + (r.relation === "over" ? 0.5 : 0);

/**
 * The reasons of several sources (subscriptions, the profile, follows) as one list: the best CPV reason, the
 * shortest distance, every place, buyer and group once, the words of all, in REASON_ORDER.
 */
export function mergeReasons(lists: readonly MatchReason[][]): MatchReason[] {
  const merged = new Map<string, MatchReason>();
  for (const reason of lists.flat()) {
    const key = keyOf(reason);
    const held = merged.get(key);
    if (!held) merged.set(key, reason.kind === "words" ? { ...reason, words: [...reason.words] } : reason);
    else if (reason.kind === "cpv" && held.kind === "cpv" && cpvRank(reason) < cpvRank(held)) merged.set(key, reason);
    else if (reason.kind === "distance" && held.kind === "distance" && reason.km < held.km) merged.set(key, reason);
    else if (reason.kind === "words" && held.kind === "words") {
      const words = [...new Set([...held.words, ...reason.words])];
      const of = held.of === undefined || reason.of === undefined ? undefined : Math.max(held.of, reason.of);
      merged.set(key, { kind: "words", words, ...(of !== undefined && { of }) });
    }
  }
  return [...merged.values()].sort((a, b) => REASON_ORDER.indexOf(a.kind) - REASON_ORDER.indexOf(b.kind));
}
