import { createHash, randomBytes } from "node:crypto";
import { ApiKey, ApiKeyUse } from "./organization.model";
import { getOrganization } from "./organizations.service";
import type { ApiKeyListAnswer, IssuedApiKeyAnswer } from "./organizations.schemas";
import { notFound } from "../errors";
import { requireOwnerOrAdmin, type Actor } from "../auth/actor";
import type { AccessEpoch } from "../auth/access-epoch";

export const hashToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** A key's public id: the first 24 hex digits of its token's hash (its `_id`). */
export const keyIdOf = (tokenHash: string): string => tokenHash.slice(0, 24);
const KEY_ID = /^[0-9a-f]{24}$/;

/** Issues an API key for an organisation. The token is returned once; only its hash is stored. */
export async function createApiKey(orgId: string, label?: string): Promise<IssuedApiKeyAnswer> {
  const org = await getOrganization(orgId);
  const token = `md_${randomBytes(32).toString("base64url")}`;
  const key = await ApiKey.create({ _id: hashToken(token), orgId: org._id, prefix: token.slice(0, 8), label });
  return {
    id: keyIdOf(key._id),
    token,
    prefix: key.prefix,
    label: key.label ?? undefined,
    organizationId: org._id.toString(),
    createdAt: key.createdAt.toISOString(),
  };
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

/** The organisation's keys that still work, for itself or the admin; revoked keys are gone from here. */
async function liveKeys(actor: Actor, orgId: string) {
  requireOwnerOrAdmin(actor, orgId, "organisation's keys");
  const org = await getOrganization(orgId);
  const keys = await ApiKey.find({ orgId: org._id }).sort({ createdAt: 1, _id: 1 }).lean();
  return { org, keys: keys.filter((key) => !key.revokedAt) };
}

/** Label, prefix, when issued and last used (to the minute, see authenticate.ts); never the token or its hash. */
export async function listApiKeys(actor: Actor, orgId: string): Promise<ApiKeyListAnswer> {
  const { org, keys } = await liveKeys(actor, orgId);
  const uses = await ApiKeyUse.find({ orgId: org._id }).lean();
  const lastUsed = new Map(uses.map((use) => [use._id, use.lastUsedAt]));
  const items = keys.map((key) => ({
    id: keyIdOf(key._id),
    prefix: key.prefix,
    label: key.label ?? undefined,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: lastUsed.get(key._id)?.toISOString(),
  }));
  return { items, total: items.length };
}

/**
 * Revokes one key. Every API process refuses it from its next request on: the access epoch is changed after
 * the database (and checked before, so that an unreachable Redis refuses the revocation rather than
 * leaving other processes trusting the key).
 */
export async function revokeApiKey(actor: Actor, orgId: string, keyId: string, epoch: AccessEpoch): Promise<void> {
  const { keys } = await liveKeys(actor, orgId);
  const key = KEY_ID.test(keyId) ? keys.find((k) => keyIdOf(k._id) === keyId) : undefined;
  if (!key) throw notFound("API key");
  await epoch.bump();
  await ApiKey.updateOne({ _id: key._id }, { $set: { revokedAt: new Date() } });
  await epoch.bump();
}
