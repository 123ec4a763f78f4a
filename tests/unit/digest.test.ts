/** When digests are due, in Oslo time, across the daylight saving changes of 2027. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nextDigestAt, osloOffsetHours } from "@markedsdialog/core/subscriptions/digest";

const at = (iso: string) => new Date(iso);
const daily = (digestHour: number, digestMinute = 0) => ({ frequency: "daily" as const, digestHour, digestMinute });

/** Oslo's wall time of an instant, read with Intl (the oracle; the code under test does not use it). */
const oslo = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Oslo",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  weekday: "short",
  hourCycle: "h23",
});
const wall = (date: Date) => oslo.format(date);

describe("nextDigestAt", () => {
  it("when a daily digest is due at 07:00 on 2027-03-28, the day summer time starts, then it is 05:00 UTC", () => {
    assert.equal(nextDigestAt(daily(7), at("2027-03-27T07:00:00Z")).toISOString(), "2027-03-28T05:00:00.000Z");
    assert.equal(nextDigestAt(daily(7), at("2027-03-28T00:59:59Z")).toISOString(), "2027-03-28T05:00:00.000Z");
  });

  it("when a daily digest is due at 07:00 on 2027-10-31, the day summer time ends, then it is 06:00 UTC", () => {
    assert.equal(nextDigestAt(daily(7), at("2027-10-30T06:00:00Z")).toISOString(), "2027-10-31T06:00:00.000Z");
    assert.equal(nextDigestAt(daily(7), at("2027-10-31T05:00:00Z")).toISOString(), "2027-10-31T06:00:00.000Z");
  });

  it("when the digest time has just passed, then the next one is a day later (strictly after)", () => {
    assert.equal(nextDigestAt(daily(7), at("2027-03-28T05:00:00Z")).toISOString(), "2027-03-29T05:00:00.000Z");
    assert.equal(nextDigestAt(daily(7), at("2027-10-31T06:00:00Z")).toISOString(), "2027-11-01T06:00:00.000Z");
  });

  it("when 02:30 does not exist (2027-03-28, clocks jump from 02:00 to 03:00), then the digest comes at 03:30 summer time", () => {
    const due = nextDigestAt(daily(2, 30), at("2027-03-27T12:00:00Z"));
    assert.equal(due.toISOString(), "2027-03-28T01:30:00.000Z");
    assert.equal(wall(due), "Sun, 28/03/2027, 03:30");
    assert.equal(nextDigestAt(daily(2, 30), due).toISOString(), "2027-03-29T00:30:00.000Z", "then 02:30 again");
  });

  it("when 02:30 happens twice (2027-10-31), then the digest comes once, at the first", () => {
    const first = nextDigestAt(daily(2, 30), at("2027-10-30T12:00:00Z"));
    assert.equal(first.toISOString(), "2027-10-31T00:30:00.000Z");
    assert.equal(
      nextDigestAt(daily(2, 30), first).toISOString(),
      "2027-11-01T01:30:00.000Z",
      "not again an hour later",
    );
  });

  it("when a weekly digest is due on Sundays at 07:00, then it lands on the change-over Sundays at the local hour", () => {
    const sunday = { frequency: "weekly" as const, digestHour: 7, digestWeekday: 7 };
    assert.equal(nextDigestAt(sunday, at("2027-03-22T10:00:00Z")).toISOString(), "2027-03-28T05:00:00.000Z");
    assert.equal(nextDigestAt(sunday, at("2027-10-25T10:00:00Z")).toISOString(), "2027-10-31T06:00:00.000Z");
    assert.equal(nextDigestAt(sunday, at("2027-10-31T06:00:00Z")).toISOString(), "2027-11-07T06:00:00.000Z");
  });

  it("without an hour or weekday, then daily digests come at 07:00 and weekly ones on Monday", () => {
    assert.equal(wall(nextDigestAt({ frequency: "daily" }, at("2027-06-01T12:00:00Z"))), "Wed, 02/06/2027, 07:00");
    assert.equal(wall(nextDigestAt({ frequency: "weekly" }, at("2027-06-01T12:00:00Z"))), "Mon, 07/06/2027, 07:00");
  });

  it("an instant subscription has nothing to wait for", () => {
    assert.equal(
      nextDigestAt({ frequency: "instant" }, at("2027-03-28T01:30:00Z")).toISOString(),
      "2027-03-28T01:30:00.000Z",
    );
  });

  it("every day from 2026 to 2028, at every hour, the digest is due at that hour in Oslo, as Intl's time zone data says", () => {
    for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2029, 0, 1); day += 86_400_000) {
      for (const hour of [0, 1, 2, 3, 7, 12, 23]) {
        const due = nextDigestAt(daily(hour, 15), new Date(day));
        const [, time = ""] = wall(due).split(", ").slice(1);
        const skipped = hour === 2 && osloOffsetHours(due.getTime()) === 2 && time === "03:15";
        assert.ok(
          time === `${String(hour).padStart(2, "0")}:15` || skipped,
          `${new Date(day).toISOString()} ${hour}: ${wall(due)}`,
        );
        assert.ok(due.getTime() > day && due.getTime() - day <= 2 * 86_400_000);
      }
    }
  });
});
