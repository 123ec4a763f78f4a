import { createHash, timingSafeEqual } from "node:crypto";
import type { Actor } from "./actor";
import type { AccessEpoch } from "./access-epoch";
import { ApiKey, ApiKeyUse, Organization, type OrganizationRecord } from "../organizations/organization.model";
import { hashToken } from "../organizations/api-keys";

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

type OrganizationActor = Extract<Actor, { type: "organization" }>;

/**
 * Keys this process has looked up, each with the access epoch read before its lookup. Looking a key up is
 * two database reads (the key and its organisation, both by `_id`); checking a remembered one is one GET
 * in Redis. A remembered key is trusted only while the epoch is the same, so a key revoked or an
 * organisation deactivated through any process is refused by every process from its next request. Without
 * an answer from Redis, every request reads the database. MAX_AGE_MS bounds what is remembered even so:
 * it matters only if Redis failed between a revocation's database write and its epoch change.
 */
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 10_000;
const known = new Map<string, { actor: OrganizationActor; epoch: string; at: number }>();

/**
 * When each key's last use was written from this process. "Last used" is kept to the minute: at most one
 * write per key and minute from each process, in a collection of its own (see ApiKeyUse), best effort.
 */
const LAST_USE_EVERY_MS = 60_000;
const lastUseWritten = new Map<string, number>();

async function lookUp(tokenHash: string, epoch: string | undefined): Promise<OrganizationActor | undefined> {
  known.delete(tokenHash);
  const key = await ApiKey.findById(tokenHash).lean();
  if (!key || key.revokedAt) return undefined;
  const org = await Organization.findById(key.orgId).lean<OrganizationRecord>();
  if (!org || org.active === false) return undefined;
  const actor: OrganizationActor = {
    type: "organization",
    orgId: org._id.toString(),
    kind: org.kind,
    name: org.name,
    ...(epoch !== undefined && { epoch }),
  };
  if (epoch !== undefined) {
    if (known.size >= MAX_ENTRIES) known.clear();
    known.set(tokenHash, { actor, epoch, at: Date.now() });
  }
  return actor;
}

async function noteUse(tokenHash: string, actor: OrganizationActor): Promise<void> {
  const now = Date.now();
  if (now - (lastUseWritten.get(tokenHash) ?? 0) < LAST_USE_EVERY_MS) return;
  if (lastUseWritten.size >= MAX_ENTRIES) lastUseWritten.clear();
  lastUseWritten.set(tokenHash, now);
  await ApiKeyUse.updateOne(
    { _id: tokenHash },
    { $set: { orgId: actor.orgId, lastUsedAt: new Date(now) } },
    { upsert: true },
  ).catch(() => undefined); // two processes' first writes can race on the insert; either one is right
}

/** Resolves a bearer token to an actor, or undefined when the token is unknown, revoked or deactivated. */
export async function authenticate(
  token: string,
  adminToken: string | undefined,
  epoch: AccessEpoch,
): Promise<Actor | undefined> {
  if (adminToken && sameSecret(token, adminToken)) return { type: "admin" };
  if (!/^md_[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  const tokenHash = hashToken(token);
  const epochNow = await epoch.read(); // before the lookup, so a revocation during it is seen next time
  const remembered = known.get(tokenHash);
  const trusted =
    remembered !== undefined &&
    epochNow !== undefined &&
    remembered.epoch === epochNow &&
    Date.now() - remembered.at <= MAX_AGE_MS;
  const actor = trusted ? remembered.actor : await lookUp(tokenHash, epochNow);
  if (actor) await noteUse(tokenHash, actor);
  return actor;
}
