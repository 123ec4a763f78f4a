/**
 * The web app's date fields read and write Norway's forms (dd.mm.åååå, 24 h) in Norway's time, whatever
 * the machine's time zone: here New York's.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

process.env["TZ"] = "America/New_York";
const { parseDate, parseDateTime, showDate, showDateTime } = await import("../../web/src/i18n/dates");

describe("web date fields", () => {
  it("when a calendar date is typed as dd.mm.åååå, then it is the API's YYYY-MM-DD, and impossible days are none", () => {
    assert.equal(parseDate("10.03.2027"), "2027-03-10");
    assert.equal(parseDate(" 1.4.2027 "), "2027-04-01");
    assert.equal(parseDate("29.02.2028"), "2028-02-29");
    for (const bad of ["31.02.2027", "29.02.2027", "2027-03-10", "10/03/2027", "10.13.2027", ""])
      assert.equal(parseDate(bad), undefined, bad);
    assert.equal(showDate("2027-03-10"), "10.03.2027");
  });

  it("when a time is typed in Norway, then it carries Oslo's offset in winter and in summer, and reads back the same", () => {
    const cases: [string, string][] = [
      ["10.03.2027 09:00", "2027-03-10T09:00:00+01:00"],
      ["01.07.2027 kl. 14.30", "2027-07-01T14:30:00+02:00"],
      ["28.03.2027 03:30", "2027-03-28T03:30:00+02:00"],
      ["31.10.2027 01:59", "2027-10-31T01:59:00+02:00"],
      ["31.10.2027 03:00", "2027-10-31T03:00:00+01:00"],
    ];
    for (const [typed, iso] of cases) {
      assert.equal(parseDateTime(typed), iso, typed);
      assert.equal(showDateTime(iso), typed.replace(" kl. ", " ").replace("14.30", "14:30"));
    }
    assert.equal(showDateTime("2027-03-10T08:00:00.000Z"), "10.03.2027 09:00");
    for (const bad of ["10.03.2027", "10.03.2027 24:00", "31.02.2027 09:00", "2027-03-10T09:00"])
      assert.equal(parseDateTime(bad), undefined, bad);
  });
});
