/**
 * The organiser's flow in Chromium: signing in by the e-mailed link, setting up a conference (a refused
 * capacity shown at its field), the registrations and the waiting list, the fair reduction planned and
 * applied, the meeting schedule generated and shown as slots × tables with the reason a vetoed request was
 * not scheduled, a meeting picked and moved (locked at its new place), publishing and both exports.
 * Norwegian, the English switch, axe on every page, X-CSRF-Token on every write.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { check } from "./helpers/browser";
import {
  asOrg,
  EMAIL,
  fieldMessage,
  leaveSwitch,
  signIn,
  startFlows,
  watchWrites,
  type DemoOrg,
  type Flows,
} from "./helpers/web-flows";

const day = 24 * 3_600_000;
/** `dd.mm.åååå tt:mm` in Norway's time, as the form's time fields take it. */
const local = (date: Date) =>
  new Intl.DateTimeFormat("nb-NO", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Oslo" })
    .format(date)
    .replace(",", "");

describe("web flows: the organiser", { timeout: 600_000 }, () => {
  let flows: Flows;
  let second: DemoOrg;
  let third: DemoOrg;
  before(async () => {
    flows = await startFlows("web_flows_organiser");
    second = await flows.web.h.organization("supplier", { name: "Ski Maskin AS" });
    third = await flows.web.h.organization("supplier", { name: "Kolbotn Vintervedlikehold AS" });
  });
  after(async () => flows?.close());

  it("when an organiser sets up a conference, reduces the delegations, generates the schedule, moves and locks a meeting, publishes and exports, then the pages show each step", async () => {
    // A browser in New York: the times typed are Norway's all the same.
    const { page, problems } = await flows.web.newPage({ timezoneId: "America/New_York" });
    const writes = watchWrites(page);
    await signIn(flows, page, EMAIL.organiser, "/arrangor");
    await page.getByRole("heading", { level: 1, name: `Konferansene til ${flows.organiser.name}` }).waitFor();

    // 09:00 in Oslo, 40 days ahead (08:00 UTC in winter, 07:00 in summer).
    const start = new Date(Date.now() + 40 * day);
    start.setUTCHours(12, 0, 0, 0);
    start.setTime(start.getTime() - (Number(local(start).slice(-5, -3)) - 9) * 3_600_000);
    const at = (hours: number) => local(new Date(start.getTime() + hours * 3_600_000));
    const title = `Leverandørdag om vinterdrift ${Date.now()}`;
    await page.getByLabel("Tittel", { exact: true }).fill(title);
    await page.getByLabel("Sted", { exact: true }).fill("Ski rådhus");
    await page.getByLabel("Starter", { exact: true }).fill(at(0));
    await page.getByLabel("Slutter", { exact: true }).fill(at(7));
    await page.getByLabel("Påmeldingsfrist").fill(local(new Date(start.getTime() - 5 * day)));
    await page.getByLabel("Antall plasser").fill("0");
    await page.getByLabel("Møtene starter").fill(at(1));
    await page.getByLabel("Møtene slutter").fill(at(3));
    await page.getByLabel("Minutter per møte").fill("20");
    await page.getByLabel("Bord", { exact: true }).fill("Bord A, Bord B");
    await page.getByRole("button", { name: "Opprett konferansen" }).click();
    assert.match(await fieldMessage(page, "Antall plasser"), /Må være minst 1/);
    await check(page, "organiser-new-invalid");
    await page.getByLabel("Antall plasser").fill("5");
    await page.getByRole("button", { name: "Opprett konferansen" }).click();
    await page.waitForURL(/\/arrangor\/konferanser\/[0-9a-f]{24}$/);
    const id = page.url().split("/").pop()!;
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    const created = await asOrg(flows, flows.organiser, "get", `/conferences/${id}`);
    assert.equal(new Date(created.startsAt).getTime(), start.getTime(), `${created.startsAt} is 09:00 in Oslo`);
    assert.equal(local(new Date(created.startsAt)), local(start));

    // Five seats: the buyer, three from Follo Brøyt and one more fill them; the third supplier waits.
    const register = (org: DemoOrg, people: number) =>
      asOrg(flows, org, "post", `/conferences/${id}/registrations`, {
        participants: Array.from({ length: people }, (_, i) => ({
          name: `Deltaker ${i + 1} ${org.name}`,
          email: `p${i}.${org.id}@example.no`,
        })),
      });
    await register(flows.buyer, 1);
    await register(flows.supplier, 3);
    await register(second, 1);
    assert.equal((await register(third, 1)).status, "waitlisted");
    await page.reload();
    await page.getByTestId("waitlist").getByText(third.name).waitFor();
    assert.equal(await page.getByTestId("registrations").locator("tbody tr").count(), 3);
    await check(page, "organiser-conference");

    await page.getByRole("button", { name: "Vis forslag til reduksjon" }).click();
    await page.getByTestId("reduction-plan").getByText(`(${flows.supplier.name}): delegasjonen fra 3 til 2`).waitFor();
    await check(page, "organiser-reduction-plan");
    await page.getByRole("button", { name: "Gjennomfør reduksjonen" }).click();
    await page.getByTestId("registrations").getByText(third.name).waitFor();
    await page.getByText("Ingen står på venteliste.").waitFor();

    // Requests: two accepted, one the buyer says no thanks to (a veto).
    const ask = async (supplier: DemoOrg, buyerRanking: string) => {
      const request = await asOrg(flows, supplier, "post", `/conferences/${id}/meeting-requests`, {
        buyerOrgId: flows.buyer.id,
        supplierOrgId: supplier.id,
        ranking: "would_like",
      });
      await asOrg(flows, flows.buyer, "post", `/meeting-requests/${request.id}/accept`, { ranking: buyerRanking });
      return request.id as string;
    };
    await ask(flows.supplier, "would_like");
    await ask(second, "would_like");
    await ask(third, "no_thanks");

    await page.getByRole("link", { name: "Møteplan" }).click();
    await page.getByRole("button", { name: "Lag møteplan" }).click();
    const grid = page.getByTestId("schedule-grid");
    await grid.waitFor();
    assert.equal(await grid.locator("thead th").count(), 3, "a column for the time and one per table");
    assert.equal(await grid.locator("tbody tr").count(), 6, "09:00–11:00 in 20-minute slots");
    const meeting = grid.getByRole("button", { name: `${flows.buyer.name} – ${flows.supplier.name}` });
    await meeting.waitFor();
    await page.getByTestId("unscheduled").getByText("En av partene har sagt nei takk").waitFor();
    await check(page, "organiser-schedule");

    await meeting.click();
    await page.getByTestId("picked").waitFor();
    await check(page, "organiser-schedule-picked");
    const target = grid.getByRole("button", { name: /^Flytt hit \(Bord B/ }).last();
    const targetName = (await target.textContent()) ?? "";
    await target.click();
    await page
      .getByTestId("schedule-summary")
      .getByText(/^Versjon 2 /)
      .waitFor();
    const moved = grid.getByRole("button", { name: `${flows.buyer.name} – ${flows.supplier.name} (låst)` });
    await moved.waitFor();
    const lastRow = grid.locator("tbody tr").last();
    assert.equal(await lastRow.getByRole("button", { name: /\(låst\)$/ }).count(), 1, targetName);
    const locks = await asOrg(flows, flows.organiser, "get", `/conferences/${id}/schedule/locks`);
    assert.equal(locks.items.length, 1);
    assert.equal(locks.items[0].table, "Bord B");

    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByRole("heading", { level: 2, name: "Publish and export" }).waitFor();
    await leaveSwitch(page);
    await check(page, "organiser-schedule-en");
    await page.getByRole("button", { name: "Bytt til norsk" }).click();
    await leaveSwitch(page);

    await page.getByRole("button", { name: "Publiser endelig og send agendaer" }).click();
    await page
      .getByTestId("published")
      .getByText(/^Status: endelig publisert \(/)
      .waitFor();
    await check(page, "organiser-schedule-published");
    const csv = await page.request.get((await page.getByTestId("schedule-csv").getAttribute("href"))!);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()["content-type"] ?? "", /text\/csv/);
    assert.match(await csv.text(), new RegExp(flows.supplier.name));
    const html = await page.request.get((await page.getByTestId("schedule-html").getAttribute("href"))!);
    assert.equal(html.status(), 200);
    assert.match(html.headers()["content-type"] ?? "", /text\/html/);

    for (const write of [
      "POST /api/v1/conferences",
      `POST /api/v1/conferences/${id}/reduce`,
      `POST /api/v1/conferences/${id}/schedule`,
      `POST /api/v1/conferences/${id}/schedule/locks`,
      `POST /api/v1/conferences/${id}/schedule/publish`,
    ]) {
      assert.ok(writes.writes.includes(write), `${write} in ${JSON.stringify(writes.writes)}`);
    }
    assert.deepEqual(writes.withoutCsrf, []);
    // The refused capacity, and the schedule asked for before there was one.
    assert.deepEqual(problems, ["400 POST /api/v1/conferences", `404 GET /api/v1/conferences/${id}/schedule`]);
  });
});
