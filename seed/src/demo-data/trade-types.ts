import type { CERTIFICATIONS, SUPPLIER_SIZES } from "@markedsdialog/core";
import type { ClusterKey } from "./places";

export type Certification = (typeof CERTIFICATIONS)[number];
export type Size = (typeof SUPPLIER_SIZES)[number];
export type Scope = "local" | "regional" | "national";

/** Wording of a trade in one written standard (bokmål or nynorsk). */
export interface TradeWords {
  /**
   * Firm-name patterns: {place} a town, {region} the cluster's region, {surname}, {surname2}, {brand}.
   * The first patterns are the most common.
   */
  names: string[];
  /** What the firm is, after "er et/eit …": "lokalt brøyte- og anleggsfirma". */
  noun: string;
  /** Sentences of which each firm states two to four. */
  capabilities: string[];
}

/** A line of business: what firms in it do, how they are coded and where the demo places them. */
export interface Trade {
  key: string;
  nb: TradeWords;
  /** Used for firms in nynorsk places; falls back to bokmål. */
  nn?: TradeWords;
  /** CPV codes; the first is every firm's main code, the rest are drawn from. */
  cpv: string[];
  /** SN2025 industry codes; the first is the main one. */
  nace: string[];
  scope: readonly (readonly [Scope, number])[];
  sizes: readonly (readonly [Size, number])[];
  /** Probability of each certification. */
  certifications: Partial<Record<Certification, number>>;
  /** How many firms the demo puts in each cluster. */
  homes: Partial<Record<ClusterKey, number>>;
}

/** Firms that take work in and around their home municipality only. */
export const LOCAL = [["local", 1]] as const;
/** Mostly micro and small firms, the odd medium one. */
export const SMALL_FIRMS = [
  ["micro", 5],
  ["small", 4],
  ["medium", 1],
] as const;
