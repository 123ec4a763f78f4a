import { BuyerGroup, type BuyerGroupRecord } from "./buyer-group.model";
import type { CreateBuyerGroupInput, UpdateBuyerGroupInput } from "./buyer-groups.schemas";
import { Organization } from "../organizations/organization.model";
import { type Actor, actorOrgId, isAdmin, requireAdmin, requireOrganization } from "../auth/actor";
import { conflict, invalid, notFound } from "../errors";
import { isDuplicateKey, parseId } from "../platform/ids";
import { buyerGroupsChanged, type GroupStamp } from "./group-cache";

export const slugify = (name: string): string =>
  name
    .toLowerCase()
    .replace(/æ/g, "ae")
    .replace(/ø/g, "o")
    .replace(/å/g, "a")
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 80) || "group";

function present(group: BuyerGroupRecord, actor: Actor) {
  const me = actorOrgId(actor);
  return {
    id: group._id.toString(),
    name: group.name,
    slug: group.slug,
    kind: group.kind,
    description: group.description ?? "",
    members: group.members.map(String),
    followerCount: group.followers.length,
    following: me ? group.followers.some((f) => f.toString() === me) : undefined,
    followers: isAdmin(actor) ? group.followers.map(String) : undefined,
  };
}

async function checkMembers(members: string[]) {
  const unique = [...new Set(members)];
  const buyers = await Organization.find({ _id: { $in: unique }, kind: "buyer" }, { _id: 1 }).lean();
  const known = new Set(buyers.map((b) => b._id.toString()));
  const issues = unique
    .map((id) => ({ id, index: members.indexOf(id) }))
    .filter(({ id }) => !known.has(id))
    .map(({ index }) => ({ path: `members.${index}`, message: "is not a registered buyer" }));
  if (issues.length) throw invalid("Every member must be a registered buyer", issues);
  return unique;
}

/** `stamp`: the groups' stamp matching reads them under (group-cache.ts), changed after every write. */
export async function createBuyerGroup(actor: Actor, input: CreateBuyerGroupInput, stamp?: GroupStamp) {
  requireAdmin(actor);
  const members = await checkMembers(input.members);
  try {
    const group = await BuyerGroup.create({ ...input, slug: input.slug ?? slugify(input.name), members });
    await buyerGroupsChanged(stamp);
    return present(group.toObject() as BuyerGroupRecord, actor);
  } catch (error) {
    if (isDuplicateKey(error)) throw conflict("A buyer group with that slug exists already");
    throw error;
  }
}

async function load(id: string): Promise<BuyerGroupRecord> {
  const group = await BuyerGroup.findById(parseId(id, "buyer group")).lean<BuyerGroupRecord>();
  if (!group) throw notFound("Buyer group");
  return group;
}

export async function getBuyerGroup(actor: Actor, id: string) {
  return present(await load(id), actor);
}

export async function listBuyerGroups(actor: Actor, filter: { member?: string }) {
  const groups = await BuyerGroup.find(filter.member ? { members: filter.member } : {})
    .sort({ name: 1 })
    .lean<BuyerGroupRecord[]>();
  return { items: groups.map((g) => present(g, actor)), total: groups.length };
}

export async function updateBuyerGroup(actor: Actor, id: string, patch: UpdateBuyerGroupInput, stamp?: GroupStamp) {
  requireAdmin(actor);
  await load(id);
  const set = { ...patch, ...(patch.members && { members: await checkMembers(patch.members) }) };
  const group = await BuyerGroup.findByIdAndUpdate(
    id,
    { $set: set },
    { returnDocument: "after" },
  ).lean<BuyerGroupRecord>();
  await buyerGroupsChanged(stamp);
  if (!group) throw notFound("Buyer group");
  return present(group, actor);
}

/** A supplier follows (or stops following) a group to hear about its members' needs. */
export async function setFollowing(actor: Actor, id: string, follow: boolean, stamp?: GroupStamp) {
  const supplier = requireOrganization(actor, ["supplier"]);
  await load(id);
  const update = follow ? { $addToSet: { followers: supplier.orgId } } : { $pull: { followers: supplier.orgId } };
  const group = await BuyerGroup.findByIdAndUpdate(id, update, { returnDocument: "after" }).lean<BuyerGroupRecord>();
  await buyerGroupsChanged(stamp);
  if (!group) throw notFound("Buyer group");
  return present(group, actor);
}
