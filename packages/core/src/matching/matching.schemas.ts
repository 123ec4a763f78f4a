/** The matching routes' answers (matching.service.ts, match-need.ts, supplier-matches.ts, match-index-repair.ts). */
import { z } from "zod";
import { PROCEDURES } from "../needs/need.model";
import { needSummaryAnswer } from "../needs/needs.schemas";
import { idAnswer, pageAnswer } from "../shared/answers";
import { CHANNELS, FREQUENCIES } from "../subscriptions/subscription.model";

// Answers

/** One reason a need matched a supplier (reasons.ts MatchReason). */
export const matchReasonAnswer = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("cpv"),
      needCode: z.string(),
      theirCode: z.string(),
      relation: z.enum(["same", "under", "over"]).meta({
        description: "under: the need's code lies under theirs; over: theirs lies under the need's",
      }),
      levels: z.int().min(0).meta({ description: "CPV levels (digits) apart" }),
    }),
    z.strictObject({
      kind: z.literal("place"),
      scope: z.enum(["municipality", "county", "wholeCounty", "national", "serves"]),
      code: z.string().meta({ description: "Municipality or county number, or `NO` for the whole country" }),
      name: z.string(),
    }),
    z.strictObject({
      kind: z.literal("distance"),
      km: z.number().min(0).meta({ description: "To a tenth of a kilometre" }),
      from: z.string().meta({ description: "The need's nearest place" }),
    }),
    z.strictObject({ kind: z.literal("buyer"), buyerId: idAnswer, name: z.string() }),
    z.strictObject({
      kind: z.literal("group"),
      groupId: idAnswer,
      name: z.string(),
      via: z.enum(["subscription", "follow"]),
    }),
    z.strictObject({
      kind: z.literal("words"),
      words: z.array(z.string()).min(1),
      of: z.int().min(1).optional().meta({ description: "How many keywords the subscription has (not for profiles)" }),
    }),
    z.strictObject({
      kind: z.literal("value"),
      min: z.number().meta({ description: "The need's estimated value, NOK" }),
      max: z.number(),
    }),
    z.strictObject({ kind: z.literal("procedure"), procedure: z.enum(PROCEDURES) }),
    z.strictObject({ kind: z.literal("sme") }),
  ])
  .meta({ id: "MatchReason" });

const matchCore = {
  score: z.int().min(0).max(100),
  explanation: z.string().meta({ description: "The reasons in Norwegian (bokmål), one phrase each" }),
  reasons: z.array(matchReasonAnswer),
  distanceKm: z.number().min(0).optional().meta({ description: "To the supplier, when its location is known" }),
};

const matchPage = { ...pageAnswer, truncated: z.boolean().meta({ description: "Not every candidate was examined" }) };

/** What a buyer sees of why a supplier is reached: the kind of source (and group), never its settings. */
const buyerSourceAnswer = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("subscription") }),
    z.strictObject({ type: z.literal("profile") }),
    z.strictObject({ type: z.literal("follow"), groupId: idAnswer, groupName: z.string() }),
  ])
  .meta({ id: "NeedMatchSource" });

export const needMatchAnswer = z
  .strictObject({
    supplier: z.strictObject({ id: idAnswer, name: z.string().optional() }),
    ...matchCore,
    sources: z.array(buyerSourceAnswer).min(1),
  })
  .meta({ id: "NeedMatch" });

export const needMatchListAnswer = z
  .strictObject({ needId: idAnswer, items: z.array(needMatchAnswer), ...matchPage })
  .meta({ id: "NeedMatchList" });

/** How the supplier wants to hear of a match from a source (criteria.ts Delivery). */
const deliveryAnswer = z
  .strictObject({
    channels: z.array(z.enum(CHANNELS)).min(1),
    frequency: z.enum(FREQUENCIES),
    digestHour: z.int().min(0).max(23).optional(),
    digestMinute: z.int().min(0).max(59).optional(),
    digestWeekday: z.int().min(1).max(7).optional(),
    webhookUrl: z.string().optional(),
    email: z.string().optional(),
  })
  .meta({ id: "MatchDelivery" });

/** One reason the supplier is matched, with its delivery settings (match-need.ts MatchSource). */
const matchSourceAnswer = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("subscription"),
      subscriptionId: idAnswer,
      version: z.int().min(1),
      name: z.string().optional(),
      delivery: deliveryAnswer,
      reasons: z.array(matchReasonAnswer),
    }),
    z.strictObject({ type: z.literal("profile"), delivery: deliveryAnswer, reasons: z.array(matchReasonAnswer) }),
    z.strictObject({
      type: z.literal("follow"),
      groupId: idAnswer,
      groupName: z.string(),
      delivery: deliveryAnswer,
      reasons: z.array(matchReasonAnswer),
    }),
  ])
  .meta({ id: "MatchSource" });

export const supplierMatchAnswer = z
  .strictObject({ need: needSummaryAnswer, ...matchCore, sources: z.array(matchSourceAnswer).min(1) })
  .meta({ id: "SupplierMatch" });

export const supplierMatchListAnswer = z
  .strictObject({ supplierId: idAnswer, items: z.array(supplierMatchAnswer), ...matchPage })
  .meta({ id: "SupplierMatchList" });

const count = z.int().min(0);

export const matchIndexDriftAnswer = z
  .strictObject({
    expected: count.meta({ description: "Subscriptions in the database (not deleted)" }),
    indexed: count.meta({ description: "Subscriptions in the index" }),
    missing: z.array(idAnswer),
    stale: z.array(z.strictObject({ id: idAnswer, indexed: z.int().min(1), database: z.int().min(1) })),
    orphaned: z.array(z.string()).meta({ description: "In the index, but deleted or unknown in the database" }),
    misfiled: z.array(z.string()).meta({ description: "Filed elsewhere than their criteria say" }),
    inSync: z.boolean(),
  })
  .meta({ id: "MatchIndexDrift" });

export const matchIndexRepairAnswer = z
  .strictObject({
    records: count,
    filed: count.meta({ description: "Subscriptions filed (again) or taken out" }),
    orphansRemoved: count,
    postingsPruned: count,
    ms: count,
  })
  .meta({ id: "MatchIndexRepair" });
