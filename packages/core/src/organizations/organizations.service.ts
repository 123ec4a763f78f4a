import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import { ApiKey, Organization, type OrganizationKind, type OrganizationRecord } from "./organization.model";
import type { CreateOrganizationInput } from "./organizations.schemas";
import { conflict, notFound } from "../errors";
import { municipality } from "../reference/index";
import type { Actor } from "../auth/actor";
import { isDuplicateKey, parseId } from "../platform/ids";

export function presentOrganization(org: OrganizationRecord) {
  return {
    id: org._id.toString(),
    kind: org.kind,
    buyerType: org.buyerType ?? undefined,
    name: org.name,
    orgNumber: org.orgNumber,
    municipality: org.municipality,
    county: org.county,
    email: org.email ?? undefined,
    website: org.website ?? undefined,
  };
}

export async function createOrganization(input: CreateOrganizationInput) {
  const place = municipality(input.municipality);
  try {
    const org = await Organization.create({ ...input, county: place?.countyNumber });
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

const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** Issues an API key for an organisation. The token is returned once; only its hash is stored. */
export async function createApiKey(orgId: string, label?: string) {
  const org = await getOrganization(orgId);
  const token = `md_${randomBytes(32).toString("base64url")}`;
  const key = await ApiKey.create({ _id: hashToken(token), orgId: org._id, prefix: token.slice(0, 8), label });
  return { token, prefix: key.prefix, label: key.label ?? undefined, organizationId: org._id.toString() };
}

/**
 * Stores a key whose token the caller chose (the demo keys printed at start), for that organisation.
 * Idempotent: the same token is stored once and follows the organisation if it was seeded again.
 */
export async function ensureApiKey(orgId: string, token: string, label: string): Promise<{ created: boolean }> {
  const org = await getOrganization(orgId);
  const tokenHash = hashToken(token);
  const existing = await ApiKey.findById(tokenHash, { orgId: 1 }).lean();
  if (!existing) {
    await ApiKey.create({ _id: tokenHash, orgId: org._id, prefix: token.slice(0, 8), label });
    return { created: true };
  }
  if (!existing.orgId.equals(org._id)) await ApiKey.updateOne({ _id: existing._id }, { $set: { orgId: org._id } });
  return { created: false };
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(hashToken(a));
  const right = Buffer.from(hashToken(b));
  return timingSafeEqual(left, right);
}

/**
 * Known keys for a short while: every authenticated request would otherwise read the key and its
 * organisation, two database round trips (through FerretDB to PostgreSQL). A key revoked in the
 * database stops working here within AUTH_CACHE_MS.
 */
const AUTH_CACHE_MS = 30_000;
const AUTH_CACHE_MAX = 10_000;
const known = new Map<string, { actor: Actor; at: number }>();

/** Resolves a bearer token to an actor, or undefined when the token is unknown or revoked. */
export async function authenticate(token: string, adminToken: string | undefined): Promise<Actor | undefined> {
  if (adminToken && sameSecret(token, adminToken)) return { type: "admin" };
  if (!/^md_[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const hash = hashToken(token);
  const cached = known.get(hash);
  if (cached && Date.now() - cached.at < AUTH_CACHE_MS) return cached.actor;
  const key = await ApiKey.findById(hash).lean();
  if (!key || key.revokedAt) return undefined;
  const org = await Organization.findById(key.orgId).lean<OrganizationRecord>();
  if (!org) return undefined;
  const actor: Actor = { type: "organization", orgId: org._id.toString(), kind: org.kind, name: org.name };
  if (known.size >= AUTH_CACHE_MAX) known.clear();
  known.set(hash, { actor, at: Date.now() });
  return actor;
}
