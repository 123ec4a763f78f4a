/** Organisations' registered names, which a supplier profile may not take (see suppliers.service.ts). */
import type { Types } from "mongoose";
import { Organization } from "./organization.model";
import { nameKey } from "./name-key";
import { runOnce } from "../platform/migrations";

/** Whether an organisation other than `orgId` is registered under this name, as nameKey compares names. */
export async function isAnotherOrganizationsName(name: string, orgId: Types.ObjectId): Promise<boolean> {
  return (await Organization.exists({ nameKey: nameKey(name), _id: { $ne: orgId } })) !== null;
}

/** Gives organisations registered before `nameKey` existed their key (idempotent). */
async function backfillNameKeys(): Promise<number> {
  let done = 0;
  let batch: { updateOne: { filter: { _id: Types.ObjectId }; update: { $set: { nameKey: string } } } }[] = [];
  for await (const org of Organization.find({ nameKey: { $exists: false } }, { name: 1 })
    .lean()
    .cursor()) {
    batch.push({ updateOne: { filter: { _id: org._id }, update: { $set: { nameKey: nameKey(org.name) } } } });
    if (batch.length >= 500) {
      done += (await Organization.bulkWrite(batch, { ordered: false })).modifiedCount;
      batch = [];
    }
  }
  if (batch.length) done += (await Organization.bulkWrite(batch, { ordered: false })).modifiedCount;
  return done;
}

/**
 * Run at the API's start: the first start after the upgrade reads every organisation without a key once;
 * later starts cost one `_id` lookup (platform/migrations.ts).
 */
export const ensureNameKeys = (): Promise<boolean> => runOnce("organization-name-keys", backfillNameKeys);
