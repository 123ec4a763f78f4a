import { randomBytes } from "node:crypto";
import { Types } from "mongoose";
import { Organization, type OrganizationKind, type OrganizationRecord } from "./organization.model";
import type {
  CreateOrganizationInput,
  OrganizationAnswer,
  PublicOrganizationAnswer,
  UpdateOrganizationInput,
} from "./organizations.schemas";
import { conflict, invalid, notFound } from "../errors";
import { municipality } from "../reference/index";
import type { Actor } from "../auth/actor";
import type { AccessEpoch } from "../auth/access-epoch";
import { isDuplicateKey, parseId } from "../platform/ids";
import { withVersionClaim } from "../platform/version-claims";
import { refreshSupplierRegisteredName } from "../suppliers/registered-name";
import { refreshBuyerOnNeeds } from "../needs/buyer";

/** What anyone may read: no contact e-mail, which is for signed-in organisations. */
export function presentPublicOrganization(org: OrganizationRecord): PublicOrganizationAnswer {
  return {
    id: org._id.toString(),
    kind: org.kind,
    buyerType: org.buyerType ?? undefined,
    name: org.name,
    orgNumber: org.orgNumber,
    municipality: org.municipality,
    county: org.county,
    website: org.website ?? undefined,
    active: org.active !== false,
  };
}

export function presentOrganization(org: OrganizationRecord): OrganizationAnswer {
  return { ...presentPublicOrganization(org), email: org.email ?? undefined, version: org.version ?? 1 };
}

/** GET /organizations/{id}: the public facts for anonymous callers, with the e-mail for signed-in ones. */
export const presentOrganizationTo = (actor: Actor, org: OrganizationRecord) =>
  actor.type === "anonymous" ? presentPublicOrganization(org) : presentOrganization(org);

/**
 * Ids from 12 random bytes rather than MongoDB's ObjectIds, which count up per process: consecutive
 * organisations would get consecutive ids, and anyone could walk the directory by counting.
 */
const randomId = (): Types.ObjectId => new Types.ObjectId(randomBytes(12).toString("hex"));

export async function createOrganization(input: CreateOrganizationInput) {
  const place = municipality(input.municipality);
  try {
    const org = await Organization.create({ ...input, _id: randomId(), county: place?.countyNumber });
    return presentOrganization(org.toObject());
  } catch (error) {
    if (isDuplicateKey(error)) throw conflict(`An organisation with number ${input.orgNumber} is already registered`);
    throw error;
  }
}

export async function findOrganization(id: string): Promise<OrganizationRecord | null> {
  return Organization.findById(parseId(id, "organization")).lean<OrganizationRecord>();
}

export async function getOrganization(id: string): Promise<OrganizationRecord> {
  const org = await findOrganization(id);
  if (!org) throw notFound("Organization");
  return org;
}

export async function listOrganizations(filter: { kind?: OrganizationKind }, page: number, limit: number) {
  const query = filter.kind ? { kind: filter.kind } : {};
  const [items, total] = await Promise.all([
    Organization.find(query)
      .sort({ name: 1, _id: 1 })
      .skip((page - 1) * limit)
      .limit(limit)
      .lean<OrganizationRecord[]>(),
    Organization.countDocuments(query),
  ]);
  return { items: items.map(presentOrganization), total, page, limit };
}

/**
 * The admin's change of an organisation, as one claimed version (a racing change gets 409). A change of
 * name or `active` decides what its keys may do and how its needs read, so it tells every API process
 * (the access epoch, checked before the write so that an unreachable Redis refuses the change) and then
 * brings the buyer's needs in line. Sending it again repairs needs a failed attempt left behind.
 */
export async function updateOrganization(id: string, patch: UpdateOrganizationInput, epoch: AccessEpoch) {
  const org = await getOrganization(id);
  if (patch.buyerType !== undefined && org.kind !== "buyer")
    throw invalid("Only buyers have a buyer type", [{ path: "buyerType", message: "is for buyers only" }]);
  const { email, website, ...rest } = patch;
  const set: Record<string, unknown> = { ...rest, version: (org.version ?? 1) + 1 };
  if (patch.municipality) set.county = municipality(patch.municipality)?.countyNumber;
  const unset: Record<string, 1> = {};
  for (const [field, value] of Object.entries({ email, website })) {
    if (value === null) unset[field] = 1;
    else if (value !== undefined) set[field] = value;
  }
  const changesAccess = patch.name !== undefined || patch.active !== undefined;
  if (changesAccess) await epoch.bump();
  const updated = await withVersionClaim("organization", org._id.toString(), (org.version ?? 1) + 1, () =>
    Organization.findByIdAndUpdate(
      org._id,
      { $set: set, ...(Object.keys(unset).length > 0 && { $unset: unset }) },
      { returnDocument: "after", runValidators: true },
    ).lean<OrganizationRecord>(),
  );
  if (changesAccess) {
    await epoch.bump();
    if (updated.kind === "buyer") await refreshBuyerOnNeeds(updated._id);
  }
  if (updated.kind === "supplier" && patch.name !== undefined && patch.name !== org.name)
    await refreshSupplierRegisteredName(updated._id.toString());
  return presentOrganization(updated);
}
