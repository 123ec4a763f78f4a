import { SupplierProfile, type SupplierProfileRecord } from "./supplier-profile.model";
import type { SupplierProfileInput } from "./suppliers.schemas";
import { getOrganization } from "../organizations/organizations.service";
import { Organization, type OrganizationRecord } from "../organizations/organization.model";
import { isAnotherOrganizationsName } from "../organizations/registered-names";
import { type Actor, requireAuthenticated, requireOwnerOrAdmin } from "../auth/actor";
import { AppError, conflict, forbidden, invalid, notFound } from "../errors";
import { certificationDetails, cpvDetails, cpvLineage, municipality } from "../reference/index";
import { emitDomainEvent } from "../events";
import { isDuplicateKey, parseId } from "../platform/ids";
import { withVersionClaim } from "../platform/version-claims";
import type { Types } from "mongoose";

/**
 * The profile as the API shows it. `name` is the supplier's own display name; `organization` is the
 * registered organisation behind it (admin-registered name and number), so a profile cannot pose as another.
 */
export function presentSupplier(profile: SupplierProfileRecord, org: OrganizationRecord) {
  return {
    id: profile.orgId.toString(),
    orgNumber: profile.orgNumber,
    name: profile.name,
    organization: { id: org._id.toString(), name: org.name, orgNumber: org.orgNumber },
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
    certifications: certificationDetails(profile.certifications),
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
  if (org.active === false) throw conflict("The organisation is deactivated: its profile cannot change");
  if (await isAnotherOrganizationsName(input.name, org._id)) {
    throw new AppError("conflict", "The profile's name is another organisation's registered name", {
      issues: [{ path: "name", message: "is the registered name of another organisation; use your own" }],
    });
  }
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
  return presentSupplier(profile, org);
}

/** Suppliers' profiles are for buyers, organisers, the admin and the supplier itself; not competitors. */
export async function getSupplierProfile(actor: Actor, orgId: string) {
  requireAuthenticated(actor);
  if (actor.type === "organization" && actor.kind === "supplier" && actor.orgId !== orgId) {
    throw forbidden("Suppliers cannot read other suppliers' profiles");
  }
  const id = parseId(orgId, "supplier");
  const [profile, org] = await Promise.all([
    SupplierProfile.findById(id).lean<SupplierProfileRecord>(),
    Organization.findById(id).lean<OrganizationRecord>(),
  ]);
  if (!profile || profile.deletedAt || !org) throw notFound("Supplier profile");
  return presentSupplier(profile, org);
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
