/**
 * Who may see a need. A need is public once it has been published: suppliers have seen it, so it stays on
 * the record in every later status (awarded, cancelled). A need that was never published (a draft, or a
 * draft that was cancelled) is its buyer's and the admin's alone, on every surface: by id, in lists from
 * the database and the search index, in search, the pipeline and the change log.
 */
import type { QueryFilter } from "mongoose";
import type { NeedRecord } from "./need.model";
import { type Actor, actorOrgId, isAdmin } from "../auth/actor";

/** The rule: public iff ever published. `publishedAt` is set by the first publication and never cleared. */
export const wasPublished = (need: Pick<NeedRecord, "publishedAt">): boolean => need.publishedAt != null;

/** The same rule as a database filter, for the public lists and the pipeline. */
export const PUBLISHED_NEEDS: QueryFilter<NeedRecord> = { publishedAt: { $ne: null } };

/** Whether the actor may see this need at all. */
export const canSeeNeed = (actor: Actor, need: Pick<NeedRecord, "publishedAt" | "buyerId">): boolean =>
  wasPublished(need) || isAdmin(actor) || actorOrgId(actor) === need.buyerId.toString();
