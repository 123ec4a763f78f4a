/**
 * A subscription compiled for matching: its criteria as the index and the check need them, and its
 * delivery settings, so that matching a need reads nothing else. Pure: the same record always compiles to
 * the same criteria (the index repair relies on it).
 */
import { cpvLineage } from "../reference/index";
import { tokensForCounty, tokensForMunicipality } from "../search/places";
import type { SubscriptionRecord, Channel } from "../subscriptions/subscription.model";
import type { Frequency } from "../subscriptions/digest";
import { compileKeyword, type CompiledKeyword } from "./text";

/** How a match is delivered; what the notification side needs besides the match itself. */
export interface Delivery {
  channels: Channel[];
  frequency: Frequency;
  digestHour?: number;
  digestMinute?: number;
  digestWeekday?: number;
  webhookUrl?: string;
  email?: string;
}

export interface SubscriptionCriteria {
  id: string;
  supplierId: string;
  version: number;
  name?: string;
  delivery: Delivery;
  /** 8-digit codes; a need matches when one of its codes lies at or under one of these. */
  cpv?: string[];
  /** Place tokens (search/places.ts) of the municipalities and counties named: `m:3207`, `in:32`, `c:32`, `NO`. */
  places?: string[];
  municipalities?: string[];
  counties?: string[];
  radius?: { lat: number; lon: number; km: number };
  buyers?: string[];
  groups?: string[];
  keywords?: CompiledKeyword[];
  minValue?: number;
  maxValue?: number;
  procedures?: string[];
  smeOnly?: boolean;
}

const present = <T>(list: T[] | null | undefined): T[] | undefined => (list && list.length > 0 ? list : undefined);
const num = (value: number | null | undefined): number | undefined => (value == null ? undefined : value);

/** The tokens a need's `places` must share for the subscription's municipalities and counties to hold. */
export function placeCriterionTokens(municipalities: string[] = [], counties: string[] = []): string[] {
  return [...new Set([...municipalities.flatMap(tokensForMunicipality), ...counties.flatMap(tokensForCounty)])];
}

export function compileSubscription(record: SubscriptionRecord): SubscriptionCriteria {
  const municipalities = present(record.municipalities);
  const counties = present(record.counties);
  const places = municipalities || counties ? placeCriterionTokens(municipalities, counties) : undefined;
  const near = record.near;
  const delivery: Delivery = {
    channels: record.channels as Channel[],
    frequency: record.frequency as Frequency,
    ...(num(record.digestHour) !== undefined && { digestHour: num(record.digestHour) }),
    ...(num(record.digestMinute) !== undefined && { digestMinute: num(record.digestMinute) }),
    ...(num(record.digestWeekday) !== undefined && { digestWeekday: num(record.digestWeekday) }),
    ...(record.webhookUrl && { webhookUrl: record.webhookUrl }),
    ...(record.email && { email: record.email }),
  };
  const criteria: SubscriptionCriteria = {
    id: record._id.toString(),
    supplierId: record.orgId.toString(),
    version: record.version,
    ...(record.name && { name: record.name }),
    delivery,
    ...(present(record.cpv) && { cpv: [...new Set(present(record.cpv)!.map((c) => c.slice(0, 8)))] }),
    ...(places && { places }),
    ...(municipalities && { municipalities }),
    ...(counties && { counties }),
    ...(record.radiusKm != null &&
      near?.lat != null &&
      near.lon != null && { radius: { lat: near.lat, lon: near.lon, km: record.radiusKm } }),
    ...(present(record.buyers) && { buyers: present(record.buyers) }),
    ...(present(record.buyerGroups) && { groups: present(record.buyerGroups) }),
    ...(present(record.keywords) && { keywords: present(record.keywords)!.map(compileKeyword) }),
    ...(num(record.minValue) !== undefined && { minValue: num(record.minValue) }),
    ...(num(record.maxValue) !== undefined && { maxValue: num(record.maxValue) }),
    ...(present(record.procedures) && { procedures: present(record.procedures) }),
    ...(record.smeOnly && { smeOnly: true }),
  };
  return criteria;
}

/** Significant digits of an 8-digit CPV code: 45000000 → 2, 45230000 → 4, 45233140 → 7. */
export const cpvDepth = (code8: string): number => Math.max(2, code8.replace(/0+$/, "").length);

/** Whether `general` (8 digits) is `specific` (8 digits) or one of its ancestors in the CPV tree. */
export const cpvCovers = (general: string, specific: string): boolean => cpvLineage(specific).includes(general);
