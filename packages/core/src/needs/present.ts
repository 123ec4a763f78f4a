import type { NeedRecord } from "./need.model";
import { allowedTransitions, type NeedStatus } from "./lifecycle";
import { cpvEntry } from "../reference/index";

const day = (d: Date | null | undefined): string | undefined => (d ? d.toISOString() : undefined);

export function presentNeed(need: NeedRecord) {
  const timeline = need.timeline ?? {};
  return {
    id: need._id.toString(),
    buyer: { id: need.buyerId.toString(), name: need.buyerName },
    title: need.title,
    challenge: need.challenge,
    description: need.description ?? "",
    cpv: need.cpv,
    cpvDetails: need.cpv.map((code) => {
      const entry = cpvEntry(code);
      return { code, labelNb: entry?.labelNb, labelEn: entry?.labelEn };
    }),
    estimatedValueNok: need.estimatedValueNok ?? undefined,
    municipalities: need.municipalities,
    counties: need.counties,
    national: need.national,
    procedure: need.procedure,
    timeline: {
      dialogueOpens: day(timeline.dialogueOpens),
      plannedNotice: day(timeline.plannedNotice),
      contractStart: day(timeline.contractStart),
      durationMonths: timeline.durationMonths ?? undefined,
    },
    smeSuitable: need.smeSuitable,
    innovation: need.innovation,
    sustainability: need.sustainability,
    milestones: need.milestones.map((m) => ({
      kind: m.kind,
      title: m.title ?? undefined,
      date: day(m.date),
      endDate: day(m.endDate),
      location: m.location ?? undefined,
      url: m.url ?? undefined,
    })),
    noticeUrl: need.noticeUrl ?? undefined,
    contact: need.contact ?? undefined,
    status: need.status,
    nextStatuses: allowedTransitions(need.status as NeedStatus),
    version: need.version,
    publishedAt: day(need.publishedAt),
    createdAt: day(need.createdAt),
    updatedAt: day(need.updatedAt),
  };
}
export type NeedView = ReturnType<typeof presentNeed>;
