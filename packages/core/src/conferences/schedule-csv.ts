/** The schedule for organisers as CSV; cells a spreadsheet would read as formulas are neutralised. */
import { csvCell } from "../notifications/notifications.service";
import type { MeetingRequestRecord } from "./meetings.model";
import type { ScheduleRecord } from "./schedule-store";
import { osloIso } from "./times";

export function scheduleCsv(
  schedule: ScheduleRecord,
  requests: Map<string, MeetingRequestRecord>,
  names: Map<string, string>,
): string {
  const header = [
    "start",
    "end",
    "table",
    "buyerOrgId",
    "buyer",
    "supplierOrgId",
    "supplier",
    "needId",
    "pitch",
    "requestId",
  ];
  const rows = schedule.meetings.map((m) => {
    const r = requests.get(m.requestId);
    return [
      osloIso(m.start),
      osloIso(m.end),
      m.table,
      m.buyerOrgId,
      names.get(m.buyerOrgId) ?? "",
      m.supplierOrgId,
      names.get(m.supplierOrgId) ?? "",
      r?.needId ?? "",
      r?.pitch ?? "",
      m.requestId,
    ];
  });
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
