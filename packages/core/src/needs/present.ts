import type { NeedRecord } from "./need.model";
import { allowedTransitions, type NeedStatus } from "./lifecycle";
import { cpvDetails } from "../reference/index";
import { calendarDay } from "../shared/dates";

const day = (d: Date | null | undefined): string | undefined => (d ? d.toISOString() : undefined);

export function presentNeed(need: NeedRecord) {
  const timeline = need.timeline ?? {};
  return {
    id: need._id.toString(),
    buyer: { id: need.buyerId.toString(), name: need.buyerName, active: need.buyerActive !== false },
    title: need.title,
    challenge: need.challenge,
    description: need.description ?? "",
    cpv: need.cpv,
    cpvDetails: cpvDetails(need.cpv),
    estimatedValueNok: need.estimatedValueNok ?? undefined,
    municipalities: need.municipalities,
    counties: need.counties,
    national: need.national,
    procedure: need.procedure,
    timeline: {
      dialogueOpens: calendarDay(timeline.dialogueOpens),
      plannedNotice: calendarDay(timeline.plannedNotice),
      contractStart: calendarDay(timeline.contractStart),
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

/** What a list shows of a need; the full need (milestones, contact, notice link) is at GET /needs/{id}. */
export interface NeedSummary {
  id: string;
  /** `active: false`: the buyer's organisation is deactivated; its needs stay in the public record. */
  buyer: { id: string; name: string; active: boolean };
  title: string;
  challenge: string;
  cpv: string[];
  cpvDetails: { code: string; labelNb?: string; labelEn?: string }[];
  estimatedValueNok?: { min?: number; max?: number };
  municipalities: string[];
  counties: string[];
  national: boolean;
  procedure: string;
  timeline: { dialogueOpens?: string; plannedNotice?: string; contractStart?: string };
  smeSuitable: boolean;
  innovation: boolean;
  sustainability: boolean;
  status: string;
  version: number;
  publishedAt?: string;
}

export function summarizeNeed(view: NeedView): NeedSummary {
  const { dialogueOpens, plannedNotice, contractStart } = view.timeline;
  return {
    id: view.id,
    buyer: view.buyer,
    title: view.title,
    challenge: view.challenge,
    cpv: view.cpv,
    cpvDetails: view.cpvDetails,
    ...(view.estimatedValueNok && {
      estimatedValueNok: { min: view.estimatedValueNok.min ?? undefined, max: view.estimatedValueNok.max ?? undefined },
    }),
    municipalities: view.municipalities,
    counties: view.counties,
    national: view.national,
    procedure: view.procedure,
    timeline: { dialogueOpens, plannedNotice, contractStart },
    smeSuitable: view.smeSuitable,
    innovation: view.innovation,
    sustainability: view.sustainability,
    status: view.status,
    version: view.version,
    publishedAt: view.publishedAt,
  };
}
