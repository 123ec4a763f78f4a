import type { z } from "zod";
import {
  type Actor,
  BuyerGroup,
  Organization,
  SupplierProfile,
  createBuyerGroup,
  createBuyerGroupSchema,
  createOrganization,
  createOrganizationSchema,
  putSupplierProfile,
  supplierProfileInputSchema,
} from "@markedsdialog/core";
import type { ProfileJson } from "./supplier-builder";

/** The seed acts as the platform admin, through the same services and schemas as the API. */
export const ADMIN: Actor = { type: "admin" };

/** Runs `task` over `items`, a few at a time (the services are async and the database is remote). */
export async function eachLimited<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export type OrganizationJson = z.input<typeof createOrganizationSchema> & { orgNumber: string };

/**
 * Registers the organisations that are not there yet, found by organisation number. Returns every
 * organisation's id by the caller's key and how many were created. An organisation number held by a
 * different organisation stops the seed rather than attaching demo data to it.
 */
export async function ensureOrganizations(entries: { key: string; input: OrganizationJson }[]) {
  const existing = await Organization.find(
    { orgNumber: { $in: entries.map((e) => e.input.orgNumber) } },
    { orgNumber: 1, name: 1, kind: 1 },
  ).lean();
  const byNumber = new Map(existing.map((org) => [org.orgNumber, org]));
  const ids = new Map<string, string>();
  let created = 0;
  await eachLimited(entries, 8, async ({ key, input }) => {
    const found = byNumber.get(input.orgNumber);
    if (found) {
      if (found.name !== input.name || found.kind !== input.kind) {
        throw new Error(
          `Organisation number ${input.orgNumber} belongs to "${found.name}", not the demo's "${input.name}"`,
        );
      }
      ids.set(key, found._id.toString());
      return;
    }
    const org = await createOrganization(createOrganizationSchema.parse(input));
    ids.set(key, org.id);
    created++;
  });
  return { ids, created };
}

/** Creates the supplier profiles that are missing, as the admin would through PUT /suppliers/{id}/profile. */
export async function ensureSupplierProfiles(entries: { orgId: string; profile: ProfileJson }[]) {
  const existing = await SupplierProfile.find({ orgId: { $in: entries.map((e) => e.orgId) } }, { orgId: 1 }).lean();
  const have = new Set(existing.map((p) => p.orgId.toString()));
  const missing = entries.filter((e) => !have.has(e.orgId));
  await eachLimited(missing, 4, async ({ orgId, profile }) => {
    await putSupplierProfile(ADMIN, orgId, supplierProfileInputSchema.parse(profile));
  });
  return { created: missing.length };
}

export type GroupJson = z.input<typeof createBuyerGroupSchema> & { slug: string };

/** Creates the buyer groups whose slug is not taken yet. */
export async function ensureGroups(groups: GroupJson[]) {
  const existing = await BuyerGroup.find({ slug: { $in: groups.map((g) => g.slug) } }, { slug: 1 }).lean();
  const have = new Set(existing.map((g) => g.slug));
  const missing = groups.filter((g) => !have.has(g.slug));
  for (const group of missing) await createBuyerGroup(ADMIN, createBuyerGroupSchema.parse(group));
  return { created: missing.length };
}
