/** English texts of the service area on the map (profile.nb.ts), spread into en.ts. */
import type { profileNb } from "./profile.nb";

export const profileEn: Record<keyof typeof profileNb, string> = {
  "profileMap.hint": "Click an area (or reach it with Tab and press Space) to add or remove it.",
  "profileMap.titleCounties": "Pick the counties you deliver in",
  "profileMap.titleMunicipalities": "Pick the municipalities you deliver in",
  "profileMap.in": "{name} ({id}), picked",
  "profileMap.out": "{name} ({id})",
  "profileMap.picked": "You deliver in: {areas}",
  "profileMap.nonePicked": "No counties or municipalities are picked.",
};
