import { SupplierProfile, type SupplierProfileRecord } from "./supplier-profile.model";
import type { SupplierProfileInput } from "./suppliers.schemas";
import { getOrganization } from "../organizations/organizations.service";
import { type Actor, requireAuthenticated, requireOwnerOrAdmin } from "../auth/actor";
import { forbidden, invalid, notFound } from "../errors";
import { cpvEntry, cpvLineage, municipality } from "../reference/index";
import { emitDomainEvent } from "../events";
import { parseId } from "../platform/ids";

export function presentSupplier(profile: SupplierProfileRecord) {
  return {
    id: profile.orgId.toString(),
    orgNumber: profile.orgNumber,
    name: profile.name,
    description: profile.description ?? "",
    capabilities: profile.capabilities ?? "",
    cpv: profile.cpv,
    cpvDetails: profile.cpv.map((code) => ({ code, labelNb: cpvEntry(code)?.labelNb, labelEn: cpvEntry(code)?.labelEn })),
    nace: profile.nace,
    municipality: profile.municipality,
    county: profile.county,
    location: { lat: profile.location.lat, lon: profile.location.lon },
    serviceArea: {
      national: profile.serviceArea?.national ?? false,
      counties: profile.serviceArea?.counties ?? [],
      municipalities: profile.serviceArea?.municipalities ?? [],
    },
    certifications: profile.certifications,
    size: profile.size ?? undefined,
    contact: profile.contact ?? undefined,
    website: profile.website ?? undefined,
    version: profile.version,
    updatedAt: profile.updatedAt.toISOString(),
  };
}

/** Derived fields of a profile: county, CPV lineage, default location. Pure; shared with the seed. */
export function deriveSupplierFields(input: SupplierProfileInput) {
  const home = municipality(input.municipality);
  if (!home) throw invalid("Unknown municipality", [{ path: "body.municipality", message: "is not a municipality" }]);
  return {
    county: home.countyNumber,
    cpvCodes: [...new Set(input.cpv.flatMap(cpvLineage))],
    location: input.location ?? { lat: home.lat, lon: home.lon },
  };
}

export async function putSupplierProfile(actor: Actor, orgId: string, input: SupplierProfileInput) {
  requireOwnerOrAdmin(actor, orgId, "supplier profile");
  const org = await getOrganization(orgId);
  if (org.kind !== "supplier") throw forbidden("Only supplier organisations have supplier profiles");
  const profile = await SupplierProfile.findOneAndUpdate(
    { orgId: org._id },
    {
      $set: { ...input, ...deriveSupplierFields(input), orgNumber: org.orgNumber },
      $unset: { deletedAt: 1, ...(input.size === undefined && { size: 1 }), ...(input.contact === undefined && { contact: 1 }), ...(input.website === undefined && { website: 1 }) },
      $inc: { version: 1 },
    },
    { upsert: true, returnDocument: "after", runValidators: true, setDefaultsOnInsert: true },
  ).lean<SupplierProfileRecord>();
  if (!profile) throw notFound("Supplier profile");
  await emitDomainEvent({ type: "supplier.changed", id: orgId, version: profile.version });
  return presentSupplier(profile);
}

/** Suppliers' profiles are for buyers, organisers, the admin and the supplier itself; not competitors. */
export async function getSupplierProfile(actor: Actor, orgId: string) {
  requireAuthenticated(actor);
  if (actor.type === "organization" && actor.kind === "supplier" && actor.orgId !== orgId) {
    throw forbidden("Suppliers cannot read other suppliers' profiles");
  }
  const profile = await SupplierProfile.findOne({ orgId: parseId(orgId, "supplier"), deletedAt: null }).lean<SupplierProfileRecord>();
  if (!profile) throw notFound("Supplier profile");
  return presentSupplier(profile);
}

export async function deleteSupplierProfile(actor: Actor, orgId: string) {
  requireOwnerOrAdmin(actor, orgId, "supplier profile");
  const profile = await SupplierProfile.findOneAndUpdate(
    { orgId: parseId(orgId, "supplier"), deletedAt: null },
    { $set: { deletedAt: new Date() }, $inc: { version: 1 } },
    { returnDocument: "after" },
  ).lean<SupplierProfileRecord>();
  if (!profile) throw notFound("Supplier profile");
  await emitDomainEvent({ type: "supplier.changed", id: orgId, version: profile.version });
}

/** Raw record including tombstones, for the search indexer. */
export async function findSupplierRecord(orgId: string): Promise<SupplierProfileRecord | null> {
  return SupplierProfile.findOne({ orgId: parseId(orgId, "supplier") }).lean<SupplierProfileRecord>();
}
