import { isDeepStrictEqual } from "node:util";
import { Types, type QueryFilter } from "mongoose";
import { Need, type NeedRecord } from "./need.model";
import { appendNeedChange, needChanges } from "./history";
import type { CreateNeedInput, ListNeedsQuery, UpdateNeedInput } from "./needs.schemas";
import { allowedTransitions, canTransition, isTerminal, OPEN_NEED_STATUSES, type NeedStatus } from "./lifecycle";
import { listNeedsFromIndex } from "./need-search";
import { deriveNeedFields, namedCounties } from "./derive";
import { presentNeed, summarizeNeed } from "./present";
import { canSeeNeed, PUBLISHED_NEEDS } from "./visibility";
import { keepBuyerInLine } from "./buyer";
import { timelineOrderIssues } from "./timeline";
import { type Actor, actorOrgId, isAdmin, requireOrganization, requireOwnerOrAdmin } from "../auth/actor";
import { AppError, conflict, forbidden, invalid, notFound } from "../errors";
import { findOrganization } from "../organizations/organizations.service";
import { isObjectId, parseId } from "../platform/ids";
import { emitDomainEvent } from "../events";
import { withVersionClaim } from "../platform/version-claims";
import {
  announceNotifyEvent,
  materialChanges,
  noticeWithContent,
  writeWithNotice,
  type Notice,
} from "../notifications/outbox";
import type { SearchEngine } from "../search/types";
import type { AccessEpoch } from "../auth/access-epoch";

/** Loads a need the actor may see. One never published exists only for its buyer and the admin. */
async function loadVisibleNeed(actor: Actor, id: string): Promise<NeedRecord> {
  const need = await Need.findById(parseId(id, "need")).lean<NeedRecord>();
  if (!need || !canSeeNeed(actor, need)) throw notFound("Need");
  return need;
}

/** The buyer, with the access epoch read before its name was (undefined when Redis could not say). */
async function resolveBuyer(actor: Actor, buyerId: string | undefined, epoch: AccessEpoch | undefined) {
  if (actor.type === "admin") {
    if (!buyerId)
      throw invalid("The admin must name the buyer", [{ path: "buyerId", message: "is required for the admin" }]);
    const before = await epoch?.read();
    const buyer = await findOrganization(buyerId);
    if (!buyer || buyer.kind !== "buyer")
      throw invalid("Unknown buyer", [{ path: "buyerId", message: "is not a buyer" }]);
    if (buyer.active === false)
      throw invalid("The buyer is deactivated", [{ path: "buyerId", message: "is a deactivated organisation" }]);
    return { id: buyer._id.toString(), name: buyer.name, epoch: before };
  }
  const org = requireOrganization(actor, ["buyer"]);
  if (buyerId && buyerId !== org.orgId) throw forbidden("A buyer may only create needs of its own");
  return { id: org.orgId, name: org.name, epoch: org.epoch };
}

const actorRecord = (actor: Actor) =>
  actor.type === "organization" ? { type: "organization", orgId: actor.orgId, name: actor.name } : { type: actor.type };

/** After a write: the version's outbox event, if it has one, and the search index are told, with the record. */
async function announce(need: NeedRecord, notice: Notice | undefined) {
  if (notice) await announceNotifyEvent(need._id.toString(), need.version, { need, notice });
  await emitDomainEvent({ type: "need.changed", id: need._id.toString(), version: need.version, need });
}

/**
 * `publicUrl` (PUBLIC_URL): with it, a version to be told has its content recorded with its event.
 * `epoch`: the access epoch; with it, a new need's buyer is read again only if it changed (buyer.ts).
 */
export interface NeedWriteOptions {
  publicUrl?: string;
  epoch?: AccessEpoch;
}

export async function createNeed(actor: Actor, input: CreateNeedInput, options: NeedWriteOptions = {}) {
  const { status = "draft", buyerId, ...fields } = input;
  const buyer = await resolveBuyer(actor, buyerId, options.epoch);
  const publishedAt = status === "published" ? new Date() : undefined;
  const doc = {
    ...fields,
    ...deriveNeedFields(fields, publishedAt ?? new Date()),
    buyerId: buyer.id,
    buyerName: buyer.name,
    status,
    publishedAt,
    ...(publishedAt && { createdBy: { at: publishedAt, ...actorRecord(actor) } }),
  };
  // Published at once: its event is recorded before the need. Version 1 of a new id has no other writer to
  // keep out, so it takes no claim (outbox.ts: needWrittenFor tells a dead creator's event by its age).
  const id = new Types.ObjectId();
  // One model document, cast once: the notice's content is rendered from it and it is what is saved.
  const draft = new Need({ ...doc, _id: id });
  const notice: Notice | undefined =
    status === "published"
      ? noticeWithContent({ kind: "published" }, draft.toObject() as NeedRecord, options.publicUrl)
      : undefined;
  const create = async () => (await draft.save()).toObject() as NeedRecord;
  const need = notice ? await writeWithNotice(id.toString(), 1, notice, create) : await create();
  if (!need) throw conflict("The need could not be created; try again");
  await announce(need, notice);
  const unchanged = buyer.epoch !== undefined && (await options.epoch?.read()) === buyer.epoch;
  return presentNeed(await keepBuyerInLine(need, unchanged));
}

/**
 * One need. An open need is read from the search index, which keeps it as this answer shows it (the read
 * model: one keyed read that does not grow with the collection, where FerretDB would read the database);
 * its buyer and the admin read the database, so they always see their own last write. Drafts and closed
 * needs are never in the index and come from the database, with its visibility rules.
 */
export async function getNeed(actor: Actor, id: string, search?: SearchEngine) {
  // An index that cannot answer leaves the read to the database, the source of truth.
  const doc = search && isObjectId(id) ? await search.get("needs", id.toLowerCase()).catch(() => undefined) : undefined;
  if (doc?.view && !isAdmin(actor) && actorOrgId(actor) !== doc.buyerId) return doc.view;
  return presentNeed(await loadVisibleNeed(actor, id));
}

const comparable = (value: unknown): unknown => (value === undefined ? null : JSON.parse(JSON.stringify(value)));

const castNeed = (fields: Record<string, unknown>): NeedRecord => new Need(fields).toObject() as NeedRecord;

/** The need as `set` will leave it (cast as the write casts it), to know what changes before writing. */
const afterSet = (need: NeedRecord, set: Record<string, unknown>): NeedRecord =>
  castNeed({ ...need, ...set, version: need.version + 1 });

/**
 * Writes the next version if nobody else wrote in between; otherwise 409. A version to be told (`notice`)
 * has its outbox event recorded under the claim, before the write (see notifications/outbox.ts). The write
 * also requires the version read, so a writer that read an old version never writes over a newer one.
 */
async function writeVersion(need: NeedRecord, set: Record<string, unknown>, notice?: Notice): Promise<NeedRecord> {
  const id = need._id.toString();
  return withVersionClaim("need", id, need.version + 1, () =>
    writeWithNotice(id, need.version + 1, notice, () =>
      Need.findOneAndUpdate(
        { _id: need._id, version: need.version },
        { $set: set, $inc: { version: 1 } },
        { returnDocument: "after", runValidators: true },
      ).lean<NeedRecord>(),
    ),
  );
}

export async function updateNeed(actor: Actor, id: string, patch: UpdateNeedInput, options: NeedWriteOptions = {}) {
  const need = await loadVisibleNeed(actor, id);
  requireOwnerOrAdmin(actor, need.buyerId.toString(), "need");
  if (isTerminal(need.status as NeedStatus)) throw conflict(`A ${need.status} need can no longer be changed`);

  const before = presentNeed(need);
  const merged = {
    cpv: patch.cpv ?? need.cpv,
    municipalities: patch.municipalities ?? need.municipalities,
    counties: patch.counties ?? namedCounties(need),
    estimatedValueNok: patch.estimatedValueNok ?? need.estimatedValueNok ?? undefined,
    timeline: { ...(need.timeline ?? {}), ...(patch.timeline ?? {}) } as NonNullable<CreateNeedInput["timeline"]>,
  };
  const disorder = timelineOrderIssues(merged.timeline);
  if (disorder.length > 0) {
    const issues = disorder.map(({ field, message }) => ({ path: `timeline.${field}`, message }));
    throw invalid("The timeline would be out of order", issues);
  }
  const set: Record<string, unknown> = {
    ...patch,
    timeline: merged.timeline,
    ...deriveNeedFields(merged, need.publishedAt ?? need.createdAt),
  };
  // What changes is known before the write, so a change to be told is recorded with it.
  const nextRecord = afterSet(need, set);
  const next = presentNeed(nextRecord);
  const changes = (Object.keys(patch) as (keyof typeof before)[])
    .map((field) => ({ field, from: comparable(before[field]), to: comparable(next[field]) }))
    .filter((c) => !isDeepStrictEqual(c.from, c.to));
  const logged = need.status !== "draft" && changes.length > 0;
  const material = logged ? materialChanges(changes) : [];
  const notice: Notice | undefined =
    material.length > 0
      ? noticeWithContent({ kind: "changed", changes: material }, nextRecord, options.publicUrl)
      : undefined;
  const updated = await writeVersion(need, set, notice);
  if (logged) {
    await appendNeedChange(need._id, {
      at: updated.updatedAt,
      actor: actorRecord(actor),
      kind: "update",
      fields: changes.map((c) => c.field),
      changes,
      version: updated.version,
    });
  }
  await announce(updated, notice);
  return presentNeed(updated);
}

export async function changeNeedStatus(
  actor: Actor,
  id: string,
  to: NeedStatus,
  noticeUrl?: string,
  options: NeedWriteOptions = {},
) {
  const need = await loadVisibleNeed(actor, id);
  requireOwnerOrAdmin(actor, need.buyerId.toString(), "need");
  const from = need.status as NeedStatus;
  if (!canTransition(from, to)) {
    throw new AppError("conflict", `A need cannot go from ${from} to ${to}`, {
      issues: [
        {
          path: "status",
          message: `allowed from ${from}: ${allowedTransitions(from).join(", ") || "none (final status)"}`,
        },
      ],
    });
  }
  const set: Record<string, unknown> = { status: to };
  if (noticeUrl) set.noticeUrl = noticeUrl;
  const changes = [
    { field: "status", from, to },
    ...(noticeUrl && noticeUrl !== need.noticeUrl
      ? [{ field: "noticeUrl", from: comparable(need.noticeUrl ?? undefined), to: noticeUrl }]
      : []),
  ];
  if (to === "published") {
    set.publishedAt = new Date();
    Object.assign(set, deriveNeedFields(need, set.publishedAt as Date));
  }
  const told: Notice | undefined =
    to === "published" ? { kind: "published" } : from !== "draft" ? { kind: "changed", changes } : undefined;
  const notice = told && noticeWithContent(told, afterSet(need, set), options.publicUrl);
  const updated = await writeVersion(need, set, notice);
  await appendNeedChange(need._id, {
    at: updated.updatedAt,
    actor: actorRecord(actor),
    kind: "status",
    fromStatus: from,
    toStatus: to,
    fields: changes.map((c) => c.field),
    changes,
    version: updated.version,
  });
  await announce(updated, notice);
  return presentNeed(updated);
}

/**
 * The list of needs: from the search index when it can answer (open needs, within its window; see
 * need-search.ts), from the database otherwise (drafts, closed needs, deep pages, or no index).
 */
export async function listNeeds(actor: Actor, query: ListNeedsQuery, search?: SearchEngine) {
  return (search && (await listNeedsFromIndex(search, actor, query))) || listNeedsFromDatabase(actor, query);
}

/**
 * Without a status, others see the open needs; the buyer itself (or the admin, naming it) sees all its
 * needs. Others never see a need that was never published, whatever the status asked for. The admin
 * lists every buyer's drafts with `status=draft`.
 */
async function listNeedsFromDatabase(actor: Actor, query: ListNeedsQuery) {
  const own = query.buyer !== undefined && (isAdmin(actor) || actorOrgId(actor) === query.buyer);
  const statuses = query.status ?? (own ? undefined : [...OPEN_NEED_STATUSES]);
  if (statuses?.includes("draft") && !own && !isAdmin(actor))
    throw forbidden("Drafts are visible to their buyer only: add buyer=<your id>");
  const filter: QueryFilter<NeedRecord> = own || isAdmin(actor) ? {} : { ...PUBLISHED_NEEDS };
  if (statuses) filter.status = { $in: statuses };
  if (query.buyer) filter.buyerId = query.buyer;
  if (query.municipality) filter.municipalities = { $in: query.municipality };
  if (query.county) filter.counties = { $in: query.county };
  if (query.cpv) filter.cpvCodes = { $in: query.cpv.map((c) => c.slice(0, 8)) };
  if (query.procedure) filter.procedure = { $in: query.procedure };
  if (query.from || query.to) {
    filter["timeline.plannedNotice"] = { ...(query.from && { $gte: query.from }), ...(query.to && { $lte: query.to }) };
  }
  const sortField = query.sort.replace(/^-/, "");
  const sortKey = sortField === "plannedNotice" ? "timeline.plannedNotice" : sortField;
  const direction = query.sort.startsWith("-") ? -1 : 1;
  const [items, total] = await Promise.all([
    Need.find(filter)
      .sort({ [sortKey]: direction, _id: direction })
      .skip((query.page - 1) * query.limit)
      .limit(query.limit)
      .lean<NeedRecord[]>(),
    Need.countDocuments(filter),
  ]);
  return { items: items.map((need) => summarizeNeed(presentNeed(need))), total, page: query.page, limit: query.limit };
}

export async function listNeedChanges(actor: Actor, id: string) {
  const need = await loadVisibleNeed(actor, id);
  const changes = await needChanges(need);
  return {
    needId: need._id.toString(),
    items: changes.map((c) => ({
      at: new Date(c.at).toISOString(),
      actor: c.actor,
      kind: c.kind,
      fields: c.fields,
      changes: c.changes,
      fromStatus: c.fromStatus ?? undefined,
      toStatus: c.toStatus ?? undefined,
      version: c.version ?? undefined,
    })),
  };
}
