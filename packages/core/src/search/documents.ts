import type { NeedSearchDoc, SupplierSearchDoc } from "./types";
import type { NeedRecord } from "../needs/need.model";
import type { SupplierProfileRecord } from "../suppliers/supplier-profile.model";
import { isOpenNeedStatus } from "../needs/lifecycle";
import { wasPublished } from "../needs/visibility";
import { county, cpvEntry, municipality } from "../reference/index";
import { geoPoint } from "./geo-point";
import { placeNames, placeTokens } from "./places";
import { namedCounties } from "../needs/derive";
import { presentNeed, type NeedView } from "../needs/present";
import { searchForm } from "../shared/text";

const labelsOf = (codes: string[]): string[] =>
  codes.flatMap((code) => {
    const entry = cpvEntry(code);
    return entry ? [entry.labelNb, entry.labelEn] : [];
  });

const ms = (date: Date | null | undefined): number | undefined => (date ? date.getTime() : undefined);

/**
 * Only open needs are in search; drafts, awarded and cancelled needs never are. The index is public (it
 * answers lists and reads by id for everyone), so a need is in it only if it is public too (visibility.ts).
 */
export const isSearchableNeed = (need: NeedRecord): boolean => isOpenNeedStatus(need.status) && wasPublished(need);
export const isSearchableSupplier = (profile: SupplierProfileRecord): boolean => !profile.deletedAt;

export function toNeedDoc(need: NeedRecord): NeedSearchDoc {
  const places = need.municipalities.map((n) => municipality(n)).filter((m) => m !== undefined);
  const first = places[0];
  return {
    id: need._id.toString(),
    version: need.version,
    buyerId: need.buyerId.toString(),
    // Free text in the form queries are read in (NFKC), so full-width letters are found on both engines.
    buyerName: searchForm(need.buyerName),
    buyerActive: need.buyerActive !== false,
    title: searchForm(need.title),
    challenge: searchForm(need.challenge),
    description: searchForm(need.description ?? ""),
    cpv: need.cpv,
    cpvCodes: need.cpvCodes,
    cpvLabels: labelsOf(need.cpv),
    municipalities: need.municipalities,
    municipalityNames: places.map((m) => m.name),
    counties: need.counties,
    countyNames: need.counties.map((c) => county(c)?.name ?? c),
    national: need.national,
    places: placeTokens({
      municipalities: need.municipalities,
      wholeCounties: namedCounties(need),
      national: need.national,
    }),
    placeNames: placeNames({ municipalities: need.municipalities, counties: need.counties, national: need.national }),
    procedure: need.procedure,
    status: need.status,
    ...(need.valueMin != null && { valueMin: need.valueMin }),
    ...(need.valueMax != null && { valueMax: need.valueMax }),
    ...(need.timeline?.dialogueOpens && { dialogueOpens: ms(need.timeline.dialogueOpens) }),
    ...(need.timeline?.plannedNotice && { plannedNotice: ms(need.timeline.plannedNotice) }),
    ...(need.timeline?.contractStart && { contractStart: ms(need.timeline.contractStart) }),
    publishedAt: ms(need.publishedAt) ?? need.createdAt.getTime(),
    smeSuitable: need.smeSuitable,
    innovation: need.innovation,
    sustainability: need.sustainability,
    ...(first && { _geo: geoPoint(first) }),
    view: JSON.parse(JSON.stringify(presentNeed(need))) as NeedView, // as the API sends it, on both engines
  };
}

/** The profile's document; `organizationName` is its organisation's registered name, for hits to show. */
export function toSupplierDoc(profile: SupplierProfileRecord, organizationName: string | undefined): SupplierSearchDoc {
  const home = municipality(profile.municipality);
  return {
    id: profile.orgId.toString(),
    version: profile.version,
    orgNumber: profile.orgNumber,
    name: searchForm(profile.name),
    ...(organizationName !== undefined && { organizationName: searchForm(organizationName) }),
    description: searchForm(profile.description ?? ""),
    capabilities: searchForm(profile.capabilities ?? ""),
    cpv: profile.cpv,
    cpvCodes: profile.cpvCodes,
    cpvLabels: labelsOf(profile.cpv),
    nace: profile.nace,
    municipality: profile.municipality,
    municipalityName: home?.name ?? profile.municipality,
    county: profile.county,
    countyName: county(profile.county)?.name ?? profile.county,
    serviceMunicipalities: profile.serviceArea?.municipalities ?? [],
    serviceCounties: profile.serviceArea?.counties ?? [],
    national: profile.serviceArea?.national ?? false,
    serves: placeTokens({
      municipalities: [profile.municipality, ...(profile.serviceArea?.municipalities ?? [])],
      wholeCounties: profile.serviceArea?.counties ?? [],
      national: profile.serviceArea?.national ?? false,
    }),
    placeNames: placeNames({
      municipalities: [profile.municipality, ...(profile.serviceArea?.municipalities ?? [])],
      counties: profile.serviceArea?.counties ?? [],
      national: profile.serviceArea?.national ?? false,
    }),
    certifications: profile.certifications,
    size: profile.size ?? "unknown",
    matchOnProfile: profile.matchOnProfile ?? false,
    _geo: geoPoint({ lat: profile.location.lat ?? home?.lat ?? 0, lon: profile.location.lon ?? home?.lon ?? 0 }),
    updatedAt: profile.updatedAt.getTime(),
  };
}
