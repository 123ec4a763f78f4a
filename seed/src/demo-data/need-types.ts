import type { z } from "zod";
import type { createNeedSchema } from "@markedsdialog/core";
import type { BuyerKey } from "./buyers";

/** A need exactly as a buyer would send it to POST /api/v1/needs (JSON, dates as strings). */
export type NeedJson = Omit<z.input<typeof createNeedSchema>, "buyerId" | "status">;
type Milestone = NonNullable<NeedJson["milestones"]>[number];

/** Where the demo leaves a need; later statuses are reached through the lifecycle, one step at a time. */
export type DemoStatus = "draft" | "published" | "in_dialogue" | "tender_announced" | "awarded" | "cancelled";

export interface DemoNeed extends Omit<NeedJson, "description"> {
  buyer: BuyerKey;
  /** Defaults to "" (the API requires the field, the demo leaves it out where the challenge says it all). */
  description?: string;
  /** Defaults to published. */
  status?: DemoStatus;
}

export const FOLLO = ["3207", "3218", "3214", "3212", "3216", "3220"];

export const mnok = (min: number, max: number) => ({ min: min * 1_000_000, max: max * 1_000_000 });

/** The Follo collaboration's yearly supplier conference, held at the town hall in Ski. */
export const folloConference: Milestone = {
  kind: "dialogue_conference",
  title: "Leverandørkonferanse Follo innkjøpssamarbeid 2027",
  date: "2027-02-04T09:00:00+01:00",
  endDate: "2027-02-04T15:00:00+01:00",
  location: "Nordre Follo rådhus, Ski",
};

export const oneToOne = (date: string, endDate: string, location = "Ski eller digitalt"): Milestone => ({
  kind: "one_to_one_window",
  title: "Én-til-én-møter med leverandører (45 minutter, påmelding)",
  date,
  endDate,
  location,
});

export const conference = (title: string, date: string, location: string): Milestone => ({
  kind: "dialogue_conference",
  title,
  date,
  location,
});

export const doffin = (id: string) => `https://www.doffin.no/notices/${id}`;
