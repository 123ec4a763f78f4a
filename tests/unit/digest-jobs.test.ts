/** The delayed jobs of digests and milestone reminders: when they are due, across the 2027 summer-time changes. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadConfig } from "@markedsdialog/core";
import { isDueInstant, nextDigestJob } from "@markedsdialog/core/notifications/digest-jobs";
import {
  daysUntil,
  parseReminderLead,
  reminderDueAt,
  reminderPoints,
  shownWhen,
} from "@markedsdialog/core/notifications/reminder-time";
import { reminderLine } from "@markedsdialog/core/notifications/content";
import { nextDigestAt } from "@markedsdialog/core/subscriptions/digest";

const SUB = "65f000000000000000000001";
const at = (iso: string) => new Date(iso);
const ms = (iso: string) => Date.parse(iso);

describe("the digest's delayed job", () => {
  for (const [day, now, due] of [
    ["2027-03-28 (summer time starts)", "2027-03-27T07:00:00Z", "2027-03-28T05:00:00Z"],
    ["2027-10-31 (summer time ends)", "2027-10-30T06:00:00Z", "2027-10-31T06:00:00Z"],
  ] as const) {
    it(`when a daily digest at 07:00 is scheduled the day before ${day}, then its delay runs to nextDigestAt, ${due}`, () => {
      const schedule = { frequency: "daily" as const, digestHour: 7, digestMinute: 0 };
      const job = nextDigestJob(SUB, schedule, at(now))!;
      assert.equal(job.data.dueAt, nextDigestAt(schedule, at(now)).getTime());
      assert.equal(job.data.dueAt, ms(due));
      assert.equal(job.opts.delay, ms(due) - ms(now));
      assert.equal(job.opts.timestamp + job.opts.delay, ms(due), "BullMQ runs it at timestamp + delay");
      assert.equal(job.opts.jobId, `${SUB}-${ms(due)}`);
      assert.ok(isDueInstant(schedule, job.data.dueAt));
      assert.ok(!isDueInstant({ ...schedule, digestHour: 8 }, job.data.dueAt), "another hour: a stale job");
    });
  }

  it("the delays are 22 h and 24 h: the wall clock says 23 h both times, an hour skipped and an hour repeated", () => {
    const daily = { frequency: "daily" as const, digestHour: 7 };
    assert.equal(nextDigestJob(SUB, daily, at("2027-03-27T07:00:00Z"))!.opts.delay, 22 * 3_600_000);
    assert.equal(nextDigestJob(SUB, daily, at("2027-10-30T06:00:00Z"))!.opts.delay, 24 * 3_600_000);
  });

  it("a weekly digest on Sundays at 07:00 is due on the change-over Sundays at 07:00 Oslo time", () => {
    const sunday = { frequency: "weekly" as const, digestHour: 7, digestWeekday: 7 };
    const march = nextDigestJob(SUB, sunday, at("2027-03-22T10:00:00Z"))!;
    assert.equal(march.data.dueAt, ms("2027-03-28T05:00:00Z"));
    assert.equal(march.opts.delay, ms("2027-03-28T05:00:00Z") - ms("2027-03-22T10:00:00Z"));
    const october = nextDigestJob(SUB, sunday, at("2027-10-25T10:00:00Z"))!;
    assert.equal(october.data.dueAt, ms("2027-10-31T06:00:00Z"));
  });

  it("the same schedule seen twice before it is due makes the same job id; an instant subscription has no job", () => {
    const daily = { frequency: "daily" as const, digestHour: 7 };
    assert.equal(
      nextDigestJob(SUB, daily, at("2027-03-27T07:00:00Z"))!.opts.jobId,
      nextDigestJob(SUB, daily, at("2027-03-28T04:59:00Z"))!.opts.jobId,
    );
    assert.equal(nextDigestJob(SUB, { frequency: "instant" }, at("2027-03-27T07:00:00Z")), undefined);
  });
});

describe("milestone reminders' due time", () => {
  const lead = parseReminderLead("2d@09:00")!;
  const point = (iso: string) => reminderPoints({ milestones: [{ kind: "dialogue_conference", date: iso }] })[0]!;

  it("with the default lead, the reminder is at 09:00 Oslo time two calendar days before, in winter and summer time", () => {
    assert.equal(reminderDueAt(point("2027-03-29T00:00:00.000Z"), lead).toISOString(), "2027-03-27T08:00:00.000Z");
    assert.equal(reminderDueAt(point("2027-03-30T00:00:00.000Z"), lead).toISOString(), "2027-03-28T07:00:00.000Z");
    assert.equal(reminderDueAt(point("2027-11-01T00:00:00.000Z"), lead).toISOString(), "2027-10-30T07:00:00.000Z");
    assert.equal(reminderDueAt(point("2027-11-02T00:00:00.000Z"), lead).toISOString(), "2027-10-31T08:00:00.000Z");
  });

  it("a milestone at a time counts by its Oslo date: 23:30 UTC on 29 March is 30 March in Oslo", () => {
    const late = point("2027-03-29T23:30:00.000Z");
    assert.equal(late.dateOnly, false);
    assert.equal(shownWhen(late), "2027-03-30 kl. 01:30");
    assert.equal(reminderDueAt(late, lead).toISOString(), "2027-03-28T07:00:00.000Z");
    assert.equal(daysUntil(late, reminderDueAt(late, lead)), 2);
  });

  it("a duration lead is exactly that long before the milestone's instant", () => {
    assert.deepEqual(parseReminderLead("48h"), { ms: 48 * 3_600_000 });
    assert.equal(
      reminderDueAt(point("2027-03-30T10:00:00.000Z"), parseReminderLead("48h")!).toISOString(),
      "2027-03-28T10:00:00.000Z",
    );
    assert.deepEqual(parseReminderLead("90s"), { ms: 90_000 });
  });

  it("the timeline's dates and the milestones are each one point; a planned-notice milestone on the notice date is the same one", () => {
    const points = reminderPoints({
      timeline: { dialogueOpens: new Date("2027-01-15T00:00:00Z"), plannedNotice: "2027-04-01" },
      milestones: [
        { kind: "planned_notice", date: "2027-04-01T00:00:00.000Z" },
        { kind: "dialogue_conference", title: "Dialogkonferanse", date: "2027-02-01T09:00:00.000Z" },
        { kind: "other", date: null },
      ],
    });
    assert.deepEqual(
      points.map((p) => [p.kind, p.at.toISOString(), p.dateOnly]),
      [
        ["dialogue_opens", "2027-01-15T00:00:00.000Z", true],
        ["planned_notice", "2027-04-01T00:00:00.000Z", true],
        ["dialogue_conference", "2027-02-01T09:00:00.000Z", false],
      ],
    );
  });

  it("the reminder reads in Norwegian, and a lead that is neither form stops the start", () => {
    assert.equal(
      reminderLine("dialogue_conference", undefined, "Vinterdrift", 2),
      "Påminnelse: dialogkonferansen for «Vinterdrift» er om 2 dager",
    );
    assert.equal(
      reminderLine("dialogue_opens", undefined, "Vinterdrift", 1),
      "Påminnelse: dialogen om «Vinterdrift» åpner i morgen",
    );
    assert.deepEqual(loadConfig({}).REMINDER_LEAD, { days: 2, hour: 9, minute: 0 });
    for (const bad of ["2 days", "2d@9:00", "2d@24:00", "-1h"])
      assert.throws(() => loadConfig({ REMINDER_LEAD: bad }), /REMINDER_LEAD/, bad);
  });
});
