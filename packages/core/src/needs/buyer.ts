/**
 * A need's copy of its buyer: the name it shows and whether the buyer's organisation is active. Needs of a
 * deactivated buyer stay in the public record, marked, so the copy follows the organisation.
 */
import type { Types } from "mongoose";
import { Need, type NeedRecord } from "./need.model";
import { Organization } from "../organizations/organization.model";
import { AppError } from "../errors";
import { emitDomainEvent } from "../events";
import { withVersionClaim } from "../platform/version-claims";

const ATTEMPTS = 10;

/**
 * Writes the buyer's current name and state into one need as its next version, retried when a racing
 * write claimed that version. The organisation is read only once the version is claimed: of two refreshes
 * racing on one need, the one that writes later also read later, so the need ends with the latest state.
 */
async function refreshNeed(id: Types.ObjectId): Promise<NeedRecord | undefined> {
  for (let attempt = 0; ; attempt++) {
    const need = await Need.findById(id, { version: 1, buyerId: 1 }).lean();
    if (!need) return undefined;
    try {
      const updated = await withVersionClaim("need", id.toString(), need.version + 1, async () => {
        const buyer = await Organization.findById(need.buyerId, { name: 1, active: 1 }).lean();
        if (!buyer) return null;
        return Need.findByIdAndUpdate(
          id,
          { $set: { buyerName: buyer.name, buyerActive: buyer.active !== false }, $inc: { version: 1 } },
          { returnDocument: "after" },
        ).lean<NeedRecord>();
      });
      await emitDomainEvent({ type: "need.changed", id: id.toString(), version: updated.version, need: updated });
      return updated;
    } catch (error) {
      if (!(error instanceof AppError && error.code === "conflict") || attempt >= ATTEMPTS - 1) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}

/**
 * Brings every need of the buyer in line with its organisation, after its name or state changed. No need
 * is skipped for looking right already: a write of an older state may still be on its way to it.
 */
export async function refreshBuyerOnNeeds(buyerId: Types.ObjectId): Promise<void> {
  const needs = await Need.find({ buyerId }, { _id: 1 }).lean();
  for (const need of needs) await refreshNeed(need._id);
}

/**
 * A need just created carries its buyer as the request knew it. If the organisation was renamed or
 * deactivated meanwhile, after its refresh had listed the buyer's needs, the need is refreshed here.
 * `unchanged`: the access epoch read after the insert is the one the buyer's name was read under. A rename
 * or deactivation changes the epoch after its write and only then lists the buyer's needs
 * (organizations.service.ts), so none can have slipped between that read and the insert: nothing to read.
 */
export async function keepBuyerInLine(need: NeedRecord, unchanged = false): Promise<NeedRecord> {
  if (unchanged) return need;
  const buyer = await Organization.findById(need.buyerId, { name: 1, active: 1 }).lean();
  if (!buyer || (buyer.name === need.buyerName && (buyer.active !== false) === (need.buyerActive !== false)))
    return need;
  return (await refreshNeed(need._id)) ?? need;
}
