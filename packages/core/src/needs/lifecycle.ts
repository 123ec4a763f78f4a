/** The status lifecycle of a need (a planned procurement). Pure rules, no I/O. */
export const NEED_STATUSES = ["draft", "published", "in_dialogue", "tender_announced", "awarded", "cancelled"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** Statuses anyone may see. A draft is visible to its buyer only. */
export const PUBLIC_STATUSES: NeedStatus[] = ["published", "in_dialogue", "tender_announced", "awarded", "cancelled"];
/** Statuses that make up the forward pipeline of upcoming procurements. */
export const PIPELINE_STATUSES: NeedStatus[] = ["published", "in_dialogue", "tender_announced"];

const TRANSITIONS: Record<NeedStatus, NeedStatus[]> = {
  // Once published, a need is never taken back to draft: suppliers have seen it (equal treatment).
  draft: ["published", "cancelled"],
  published: ["in_dialogue", "tender_announced", "cancelled"],
  in_dialogue: ["tender_announced", "cancelled"],
  tender_announced: ["awarded", "cancelled"],
  awarded: [],
  cancelled: [],
};

export const allowedTransitions = (from: NeedStatus): NeedStatus[] => TRANSITIONS[from];
export const canTransition = (from: NeedStatus, to: NeedStatus): boolean => TRANSITIONS[from].includes(to);
export const isTerminal = (status: NeedStatus): boolean => TRANSITIONS[status].length === 0;
