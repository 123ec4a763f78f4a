/** English texts of the meeting requests (meetings.nb.ts), spread into en.ts. */
import type { meetingsNb } from "./meetings.nb";

export const meetingsEn: Record<keyof typeof meetingsNb, string> = {
  "meetings.nav": "Meetings",
  "meetings.requests": "Meeting requests",
  "meetings.none": "Your organisation has no meeting requests at this conference yet.",
  "meetings.caption": "Requests your organisation has sent or received",
  "meetings.askedBy": "Asked by",
  "meetings.byUs": "Us",
  "meetings.byThem": "Them",
  "meetings.state": "State",
  "meetings.rankings": "Ranking (ours / theirs)",
  "meetings.rankingPair": "{ours} / {theirs}",
  "meetings.actions": "Action",
  "meetings.yourRanking": "Our ranking of the meeting with {org}",
  "meetings.accept": "Accept the meeting with {org}",
  "meetings.decline": "Decline the meeting with {org}",
  "meetings.withdraw": "Withdraw the request to {org}",
  "meetings.supplier": "With supplier",
  "meetings.pickSupplier": "Pick a supplier",
};
