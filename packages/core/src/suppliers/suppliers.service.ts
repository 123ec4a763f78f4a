import { SupplierProfile, type SupplierProfileRecord } from "./supplier-profile.model";
import type { SupplierProfileInput } from "./suppliers.schemas";
import { getOrganization } from "../organizations/organizations.service";
import { type Actor, requireAuthenticated, requireOwnerOrAdmin } from "../auth/actor";
import { AppError, forbidden, invalid, notFound } from "../errors";
import { cpvDetails, cpvLineage, municipality } from "../reference/index";
import { emitDomainEvent } from "../events";
import { isDuplicateKey, parseId } from "../platform/ids";
import { withVersionClaim } from "../platform/version-claims";
import type { Types } from "mongoose";

export function presentSupplier(profile: SupplierProfileRecord) {
  return {
    id: profile.orgId.toString(),
    orgNumber: profile.orgNumber,
    name: profile.name,
    description: profile.description ?? "",
    capabilities: profile.capabilities ?? "",
    cpv: profile.cpv,
    cpvDetails: cpvDetails(profile.cpv),
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
    matchOnProfile: profile.matchOnProfile ?? false,
    version: profile.version,
    updatedAt: profile.updatedAt.toISOString(),
  };
}

/** Derived fields of a profile: county, CPV lineage, default location. Pure; shared with the seed. */
export function deriveSupplierFields(input: SupplierProfileInput) {
  const home = municipality(input.municipality);
  if (!home) throw invalid("Unknown municipality", [{ path: "municipality", message: "is not a municipality" }]);
  return {
    county: home.countyNumber,
    cpvCodes: [...new Set(input.cpv.flatMap(cpvLineage))],
    location: input.location ?? { lat: home.lat, lon: home.lon },
  };
}

/** One versioned write of the profile: create it, or replace it if still at the version read. */
async function writeProfile(
  orgId: Types.ObjectId,
  orgNumber: string,
  input: SupplierProfileInput,
): Promise<SupplierProfileRecord> {
  // A profile's _id is its organisation's id: one `_id` lookup, which FerretDB answers from its `_id` index.
  const existing = await SupplierProfile.findById(orgId, { version: 1 }).lean();
  const fields = {
    ...input,
    nace: input.nace ?? [],
    certifications: input.certifications ?? [],
    matchOnProfile: input.matchOnProfile ?? false,
    ...deriveSupplierFields(input),
    orgNumber,
  };
  return withVersionClaim("supplier", orgId.toString(), (existing?.version ?? 0) + 1, async () => {
    if (!existing) {
      try {
        return (
          await SupplierProfile.create({ ...fields, _id: orgId, orgId, version: 1 })
        ).toObject() as SupplierProfileRecord;
      } catch (error) {
        if (isDuplicateKey(error)) return null;
        throw error;
      }
    }
    const cleared = (["size", "contact", "website"] as const).filter((k) => input[k] === undefined);
    return SupplierProfile.findByIdAndUpdate(
      orgId,
      { $set: fields, $unset: Object.fromEntries(["deletedAt", ...cleared].map((k) => [k, 1])), $inc: { version: 1 } },
      { returnDocument: "after", runValidators: true },
    ).lean<SupplierProfileRecord>();
  });
}

/** PUT replaces the whole profile: concurrent replacements are applied one after the other. */
export async function putSupplierProfile(actor: Actor, orgId: string, input: SupplierProfileInput) {
  requireOwnerOrAdmin(actor, orgId, "supplier profile");
  const org = await getOrganization(orgId);
  if (org.kind !== "supplier") throw forbidden("Only supplier organisations have supplier profiles");
  let profile: SupplierProfileRecord | undefined;
  for (let attempt = 0; !profile; attempt++) {
    try {
      profile = await writeProfile(org._id, org.orgNumber, input);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "conflict") || attempt >= 9) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
  await emitDomainEvent({ type: "supplier.changed", id: orgId, version: profile.version });
  return presentSupplier(profile);
}

/** Suppliers' profiles are for buyers, organisers, the admin and the supplier itself; not competitors. */
export async function getSupplierProfile(actor: Actor, orgId: string) {
  requireAuthenticated(actor);
  if (actor.type === "organization" && actor.kind === "supplier" && actor.orgId !== orgId) {
    throw forbidden("Suppliers cannot read other suppliers' profiles");
  }
  const profile = await SupplierProfile.findById(parseId(orgId, "supplier")).lean<SupplierProfileRecord>();
  if (!profile || profile.deletedAt) throw notFound("Supplier profile");
  return presentSupplier(profile);
}

export async function deleteSupplierProfile(actor: Actor, orgId: string) {
  requireOwnerOrAdmin(actor, orgId, "supplier profile");
  const current = await SupplierProfile.findById(parseId(orgId, "supplier"), { version: 1, deletedAt: 1 }).lean();
  if (!current || current.deletedAt) throw notFound("Supplier profile");
  const profile = await withVersionClaim("supplier", orgId, current.version + 1, () =>
    SupplierProfile.findByIdAndUpdate(
      current._id,
      { $set: { deletedAt: new Date() }, $inc: { version: 1 } },
      { returnDocument: "after" },
    ).lean<SupplierProfileRecord>(),
  );
  await emitDomainEvent({ type: "supplier.changed", id: orgId, version: profile.version });
}
