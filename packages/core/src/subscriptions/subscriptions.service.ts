import { randomBytes } from "node:crypto";
import { Types } from "mongoose";
import { Subscription, WebhookSecret, type SubscriptionRecord } from "./subscription.model";
import {
  subscriptionInputSchema,
  type ListSubscriptionsQuery,
  type SubscriptionInput,
  type SubscriptionPatch,
} from "./subscriptions.schemas";
import { nextDigestAt } from "./digest";
import { type Actor, requireAuthenticated, requireOrganization } from "../auth/actor";
import { BuyerGroup } from "../buyer-groups/buyer-group.model";
import { AppError, conflict, forbidden, invalid, notFound, type FieldIssue } from "../errors";
import { compileSubscription } from "../matching/criteria";
import type { MatchIndex } from "../matching/match-index";
import { Organization } from "../organizations/organization.model";
import { parseId } from "../platform/ids";
import { withVersionClaim } from "../platform/version-claims";
import { cpvDetails } from "../reference/index";
import { SupplierProfile } from "../suppliers/supplier-profile.model";
import { checkWebhookDestination, type DestinationPolicy } from "../webhooks/destination";
import { waitingEntries, type DigestScheduler } from "../notifications/digest-jobs";

export interface SubscriptionDeps {
  index: MatchIndex;
  destinations: DestinationPolicy;
  /** Schedules digests after each write (the worker's sweep catches up on what it misses). */
  digests?: DigestScheduler;
}

/** The input fields a record holds, as the schema takes them (for merging a change). */
const INPUT_FIELDS = Object.keys(subscriptionInputSchema.shape) as (keyof SubscriptionInput)[];

export function presentSubscription(record: SubscriptionRecord, now = new Date()) {
  const input = inputOf(record);
  const digest = record.frequency === "daily" || record.frequency === "weekly";
  return {
    id: record._id.toString(),
    supplierId: record.orgId.toString(),
    ...input,
    ...(input.cpv && { cpvDetails: cpvDetails(input.cpv) }),
    ...(record.nearSource && { nearSource: record.nearSource }),
    ...(digest && { nextDigestAt: nextDigestAt(input, now).toISOString() }),
    ...(record.webhookSecretCreatedAt && { webhookSecretCreatedAt: record.webhookSecretCreatedAt.toISOString() }),
    version: record.version,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

/** The record's fields as input: what was sent, normalised; empty lists and unset fields left out. */
function inputOf(record: SubscriptionRecord): SubscriptionInput {
  const source = record as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of INPUT_FIELDS) {
    const value = source[field];
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    out[field] =
      field === "near" ? { lat: (value as { lat: number }).lat, lon: (value as { lon: number }).lon } : value;
  }
  return out as SubscriptionInput;
}

/** Buyers must be registered buyers, groups existing groups; each looked up by `_id`. */
async function checkReferences(input: SubscriptionInput): Promise<void> {
  const issues: FieldIssue[] = [];
  const [buyers, groups] = await Promise.all([
    Promise.all((input.buyers ?? []).map((id) => Organization.findById(id, { kind: 1 }).lean())),
    Promise.all((input.buyerGroups ?? []).map((id) => BuyerGroup.findById(id, { _id: 1 }).lean())),
  ]);
  buyers.forEach((org, i) => {
    if (org?.kind !== "buyer") issues.push({ path: `buyers.${i}`, message: "is not a registered buyer" });
  });
  groups.forEach((group, i) => {
    if (!group) issues.push({ path: `buyerGroups.${i}`, message: "is not a buyer group" });
  });
  if (issues.length) throw invalid("The subscription names buyers or groups that do not exist", issues);
}

/** A radius is measured from `near`, or from the supplier profile's location (kept as `near`, source "profile"). */
async function resolveNear(orgId: string, input: SubscriptionInput, keep?: SubscriptionRecord) {
  if (input.radiusKm === undefined) return { near: undefined, nearSource: undefined };
  if (input.near) {
    const unchanged = keep?.near && keep.near.lat === input.near.lat && keep.near.lon === input.near.lon;
    return { near: input.near, nearSource: unchanged ? (keep.nearSource ?? "request") : "request" };
  }
  const profile = await SupplierProfile.findById(orgId, { location: 1, deletedAt: 1 }).lean();
  const location = profile && !profile.deletedAt ? profile.location : undefined;
  if (location?.lat == null || location.lon == null)
    throw invalid("A radius needs a point to be measured from", [
      { path: "radiusKm", message: "needs near {lat, lon} or a supplier profile (its location is used)" },
    ]);
  return { near: { lat: location.lat, lon: location.lon }, nearSource: "profile" as const };
}

async function checkEmail(orgId: string, input: SubscriptionInput): Promise<void> {
  if (!input.channels.includes("email") || input.email) return;
  const org = await Organization.findById(orgId, { email: 1 }).lean();
  if (!org?.email)
    throw invalid("The email channel needs an address", [
      { path: "email", message: "is required for the email channel: the organisation has no e-mail address" },
    ]);
}

/** Everything about the input that needs the database or DNS, before anything is stored. */
async function prepare(orgId: string, input: SubscriptionInput, deps: SubscriptionDeps, current?: SubscriptionRecord) {
  await checkReferences(input);
  await checkEmail(orgId, input);
  if (input.webhookUrl && input.webhookUrl !== current?.webhookUrl)
    await checkWebhookDestination(input.webhookUrl, deps.destinations, "webhookUrl");
  return resolveNear(orgId, input, current);
}

/** The index follows the database; if Redis fails after the write, the repair (admin, or start-up) catches up. */
async function fileInIndex(deps: SubscriptionDeps, record: SubscriptionRecord): Promise<void> {
  try {
    if (record.deletedAt) await deps.index.remove(record._id.toString(), record.version);
    else await deps.index.apply(compileSubscription(record));
  } catch (error) {
    throw new AppError(
      "unavailable",
      "The subscription was saved but the matching index could not be updated; it will be after the next index repair",
      { cause: error },
    );
  }
}

/** A webhook signing secret: 32 random bytes, with a prefix that says what it is. */
const newWebhookSecret = () => `whsec_${randomBytes(32).toString("base64url")}`;

export async function createSubscription(actor: Actor, input: SubscriptionInput, deps: SubscriptionDeps) {
  const supplier = requireOrganization(actor, ["supplier"]);
  const near = await prepare(supplier.orgId, input, deps);
  const secret = input.channels.includes("webhook") ? newWebhookSecret() : undefined;
  const _id = new Types.ObjectId();
  const now = new Date();
  // The secret first, under the id the subscription will have: no subscription is without the one it shows.
  if (secret) await WebhookSecret.create({ _id, secret, createdAt: now });
  const created = await Subscription.create({
    _id,
    ...input,
    ...near,
    ...(secret && { webhookSecretCreatedAt: now }),
    orgId: supplier.orgId,
    version: 1,
  });
  const record = created.toObject() as SubscriptionRecord;
  await deps.digests?.changed(undefined, record);
  await fileInIndex(deps, record);
  return { ...presentSubscription(record), ...(secret && { webhookSecret: secret }) };
}

/**
 * Only suppliers have subscriptions; each sees its own, the admin all. Another supplier's subscription is
 * answered as missing: its existence is the owner's business.
 */
async function loadSubscription(actor: Actor, id: string): Promise<SubscriptionRecord> {
  requireAuthenticated(actor);
  if (actor.type === "organization" && actor.kind !== "supplier")
    throw forbidden("Only supplier organisations have subscriptions");
  const record = await Subscription.findById(parseId(id, "subscription")).lean<SubscriptionRecord>();
  if (!record || record.deletedAt) throw notFound("Subscription");
  if (actor.type === "organization" && record.orgId.toString() !== actor.orgId) throw notFound("Subscription");
  return record;
}

function requireWriter(actor: Actor): void {
  requireAuthenticated(actor);
  if (actor.type === "admin") throw forbidden("The admin may read subscriptions; only their supplier changes them");
}

export async function getSubscription(actor: Actor, id: string) {
  return presentSubscription(await loadSubscription(actor, id));
}

export async function listSubscriptions(actor: Actor, query: ListSubscriptionsQuery) {
  requireAuthenticated(actor);
  let owner: string | undefined = query.supplier;
  if (actor.type === "organization") {
    if (actor.kind !== "supplier") throw forbidden("Only supplier organisations have subscriptions");
    if (owner && owner !== actor.orgId) throw forbidden("A supplier sees its own subscriptions only");
    owner = actor.orgId;
  }
  // Subscription's `orgId` index; the admin's list of all subscriptions reads them all.
  const records = await Subscription.find(owner ? { orgId: owner } : {}).lean<SubscriptionRecord[]>();
  const live = records
    .filter((r) => !r.deletedAt)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a._id.toString() < b._id.toString() ? -1 : 1));
  const start = (query.page - 1) * query.limit;
  return {
    items: live.slice(start, start + query.limit).map((r) => presentSubscription(r)),
    total: live.length,
    page: query.page,
    limit: query.limit,
  };
}

/** The subscription after a change: the stored fields, the patch's values over them, `null` removing one. */
function merge(record: SubscriptionRecord, patch: Omit<SubscriptionPatch, "rotateWebhookSecret">): SubscriptionInput {
  const merged: Record<string, unknown> = { ...inputOf(record) };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete merged[field];
    else if (value !== undefined) merged[field] = value;
  }
  // A point taken from the profile follows the profile when the radius changes.
  if (record.nearSource === "profile" && patch.near === undefined && patch.radiusKm !== undefined) delete merged.near;
  if (merged.radiusKm === undefined) delete merged.near;
  const result = subscriptionInputSchema.safeParse(merged);
  if (!result.success)
    throw invalid(
      "The subscription would not be valid after this change",
      result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message })),
    );
  return result.data;
}

/**
 * The webhook secret after a change: a new one when asked to rotate or when the webhook channel is added,
 * none once the channel is removed; otherwise the current one stays (a subscription from before secrets
 * existed keeps none until rotated).
 */
function secretChange(current: SubscriptionRecord, input: SubscriptionInput, rotate: boolean | undefined) {
  const webhook = input.channels.includes("webhook");
  if (rotate && !webhook)
    throw invalid("Only a subscription with the webhook channel has a webhook secret", [
      { path: "rotateWebhookSecret", message: "the subscription has no webhook channel" },
    ]);
  if (!webhook) return current.channels.includes("webhook") ? ("remove" as const) : undefined;
  return rotate || !current.channels.includes("webhook") ? newWebhookSecret() : undefined;
}

export async function updateSubscription(actor: Actor, id: string, patch: SubscriptionPatch, deps: SubscriptionDeps) {
  requireWriter(actor);
  const current = await loadSubscription(actor, id);
  const { rotateWebhookSecret, ...changes } = patch;
  const input = merge(current, changes);
  const secret = secretChange(current, input, rotateWebhookSecret);
  const near = await prepare(current.orgId.toString(), input, deps, current);
  const now = new Date();
  const fields = { ...input, ...near, ...(typeof secret === "string" && { webhookSecretCreatedAt: now }) };
  const cleared: string[] = INPUT_FIELDS.filter((field) => fields[field] === undefined);
  if (!near.nearSource) cleared.push("nearSource");
  if (secret === "remove") cleared.push("webhookSecretCreatedAt");
  const updated = await withVersionClaim("subscription", id.toLowerCase(), current.version + 1, async () => {
    const record = await Subscription.findByIdAndUpdate(
      current._id,
      {
        $set: Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
        ...(cleared.length && { $unset: Object.fromEntries(cleared.map((k) => [k, 1])) }),
        $inc: { version: 1 },
      },
      { returnDocument: "after", runValidators: true },
    ).lean<SubscriptionRecord>();
    // Inside the claim, so of two racing rotations one writes and the other gets 409. After the record: if
    // this fails, the old secret still signs and the answer is an error, so nothing unknown signs.
    if (record && typeof secret === "string")
      await WebhookSecret.updateOne({ _id: current._id }, { $set: { secret, createdAt: now } }, { upsert: true });
    if (record && secret === "remove") await WebhookSecret.deleteOne({ _id: current._id });
    return record;
  });
  await deps.digests?.changed(current, updated);
  await fileInIndex(deps, updated);
  return { ...presentSubscription(updated), ...(typeof secret === "string" && { webhookSecret: secret }) };
}

/** Deleting wins over a change racing it: it retries on the version the change left. */
export async function deleteSubscription(actor: Actor, id: string, deps: SubscriptionDeps): Promise<void> {
  requireWriter(actor);
  for (let attempt = 0; ; attempt++) {
    const current = await loadSubscription(actor, id);
    try {
      const deleted = await withVersionClaim("subscription", current._id.toString(), current.version + 1, () =>
        Subscription.findByIdAndUpdate(
          current._id,
          { $set: { deletedAt: new Date() }, $inc: { version: 1 } },
          { returnDocument: "after" },
        ).lean<SubscriptionRecord>(),
      );
      await deps.digests?.changed(current, deleted);
      await fileInIndex(deps, deleted);
      return;
    } catch (error) {
      if (!(error instanceof AppError && error.code === "conflict") || attempt >= 9) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}

/**
 * "Send my digest now": the supplier's digest subscription sends what waits for it at once (the worker
 * runs it; the scheduled digest stays as it was). An instant subscription has none: 409.
 */
export async function requestDigest(actor: Actor, id: string, deps: SubscriptionDeps) {
  requireWriter(actor);
  const record = await loadSubscription(actor, id);
  if (record.frequency !== "daily" && record.frequency !== "weekly")
    throw conflict("An instant subscription has no digest: its matches are sent as they happen");
  if (!deps.digests) throw new AppError("unavailable", "Digests cannot be queued from this process");
  const subscriptionId = record._id.toString();
  const waiting = await waitingEntries(subscriptionId);
  const requestedAt = new Date();
  let digestId: string;
  try {
    digestId = await deps.digests.sendNow(subscriptionId);
  } catch (error) {
    throw new AppError("unavailable", "The digest could not be queued; try again shortly", { cause: error });
  }
  return { subscriptionId, digestId, waiting, requestedAt: requestedAt.toISOString() };
}
