import { type NeedStatus, Need, changeNeedStatus, createNeed, createNeedSchema } from "@markedsdialog/core";
import { ADMIN, eachLimited } from "./ensure";
import type { DemoNeed, DemoStatus } from "./demo-data/need-types";
import { NORDRE_FOLLO_NEEDS } from "./demo-data/needs-nordre-follo";
import { FOLLO_NEEDS } from "./demo-data/needs-follo";
import { OSTFOLD_NEEDS } from "./demo-data/needs-ostfold";
import { REGION_NEEDS } from "./demo-data/needs-regions";

export const DEMO_NEEDS: DemoNeed[] = [...NORDRE_FOLLO_NEEDS, ...FOLLO_NEEDS, ...OSTFOLD_NEEDS, ...REGION_NEEDS];

/** How a need reaches the demo's status: created as draft or published, then one lifecycle step at a time. */
const PATHS: Record<DemoStatus, NeedStatus[]> = {
  draft: ["draft"],
  published: ["published"],
  in_dialogue: ["published", "in_dialogue"],
  tender_announced: ["published", "in_dialogue", "tender_announced"],
  awarded: ["published", "in_dialogue", "tender_announced", "awarded"],
  cancelled: ["published", "cancelled"],
};

/** Walks a need from its current status to the demo's, so a run that stopped half-way is completed. */
async function advance(id: string, current: NeedStatus, demo: DemoNeed) {
  const path = PATHS[demo.status ?? "published"];
  const reached = path.indexOf(current);
  // A status off the path means someone moved the need by hand since: leave it as it is.
  if (reached < 0) return;
  for (const status of path.slice(reached + 1)) {
    await changeNeedStatus(ADMIN, id, status, status === "tender_announced" ? demo.noticeUrl : undefined);
  }
}

/**
 * Creates the demo needs a buyer does not have yet (same buyer, same title) through createNeed with the
 * admin actor, so each passes the API's validation, and moves it through the lifecycle to its status.
 */
export async function ensureNeeds(buyerIds: Map<string, string>) {
  const existing = await Need.find(
    { buyerId: { $in: [...buyerIds.values()] } },
    { buyerId: 1, title: 1, status: 1 },
  ).lean();
  const byKey = new Map(existing.map((n) => [`${n.buyerId.toString()}|${n.title}`, n]));
  let created = 0;
  await eachLimited(DEMO_NEEDS, 4, async (demo) => {
    const { buyer, status = "published", noticeUrl: _noticeUrl, description = "", ...fields } = demo;
    const buyerId = buyerIds.get(buyer);
    if (!buyerId) throw new Error(`Demo buyer ${buyer} is missing`);
    const found = byKey.get(`${buyerId}|${demo.title}`);
    if (found) return advance(found._id.toString(), found.status as NeedStatus, demo);
    const input = createNeedSchema.parse({
      ...fields,
      description,
      buyerId,
      status: status === "draft" ? "draft" : "published",
    });
    const need = await createNeed(ADMIN, input);
    created++;
    await advance(need.id, need.status as NeedStatus, demo);
  });
  return { created, total: DEMO_NEEDS.length };
}
