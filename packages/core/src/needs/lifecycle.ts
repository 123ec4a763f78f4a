/** The status lifecycle of a need (a planned procurement). Pure rules, no I/O. */
export const NEED_STATUSES = ["draft", "published", "in_dialogue", "tender_announced", "awarded", "cancelled"] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/**
 * Open needs: published and not yet awarded or cancelled, so suppliers can still answer them. They make up
 * the forward pipeline, the public list by default and exactly what search holds. (Who may see a need is
 * visibility.ts: once published, in every status after; never published, its buyer only.)
 */
export const OPEN_NEED_STATUSES = [
  "published",
  "in_dialogue",
  "tender_announced",
] as const satisfies readonly NeedStatus[];
export const isOpenNeedStatus = (status: string): boolean => (OPEN_NEED_STATUSES as readonly string[]).includes(status);

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
