/**
 * Why a request got no meeting, read from the final schedule, the first that applies: a veto; no slot both
 * sides can meet in; the buyer's, then the supplier's maximum reached; every slot both can meet in has one
 * of them busy; tables full in every slot where both are free. The schedule's last pass places every
 * request that fits as things stand (schedule.ts), so one of these always holds.
 */
import type { Grid } from "./grid";
import type { UnscheduledReason, UnscheduledRequest } from "./types";

const EXPLANATION: Record<UnscheduledReason | "veto_buyer" | "veto_supplier", string> = {
  veto: "Begge parter har svart «nei takk» til dette møtet.",
  veto_buyer: "Kjøperen har svart «nei takk» til dette møtet.",
  veto_supplier: "Leverandøren har svart «nei takk» til dette møtet.",
  no_common_availability: "Kjøperen og leverandøren har ingen tidspunkt i møteprogrammet der begge er tilgjengelige.",
  buyer_maximum_reached: "Kjøperen har nådd sitt høyeste antall møter.",
  supplier_maximum_reached: "Leverandøren har nådd sitt høyeste antall møter.",
  no_common_free_slot: "Alle tidspunkt der begge er tilgjengelige, er opptatt av andre møter for en av partene.",
  tables_full: "Alle bord er opptatt i tidspunktene der begge parter er ledige.",
};

export function reasonFor(grid: Grid, req: number): UnscheduledRequest {
  const r = grid.inst.requests[req]!;
  const answer = (reason: UnscheduledReason, key: keyof typeof EXPLANATION = reason) => ({
    requestId: r.id,
    reason,
    explanation: EXPLANATION[key],
  });
  if (r.veto) return answer("veto", r.veto === "both" ? "veto" : `veto_${r.veto}`);
  if (r.slots.length === 0) return answer("no_common_availability");
  if (grid.meetings[r.buyer]! >= grid.inst.orgs[r.buyer]!.max) return answer("buyer_maximum_reached");
  if (grid.meetings[r.supplier]! >= grid.inst.orgs[r.supplier]!.max) return answer("supplier_maximum_reached");
  const bothFree = r.slots.some((t) => grid.free(r.buyer, t) && grid.free(r.supplier, t));
  return answer(bothFree ? "tables_full" : "no_common_free_slot");
}
