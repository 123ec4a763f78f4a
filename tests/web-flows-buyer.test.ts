/**
 * The buyer's flow in Chromium: signing in by the e-mailed link, publishing a need with the API's field
 * problems shown next to the form's fields, then the suppliers it matched (with why) and the notification
 * record with its CSV; in Norwegian, with the English switch; axe on every page; every write with its
 * X-CSRF-Token. And the denial: a supplier opening the edit page of the buyer's need gets the API's 403.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { check } from "./helpers/browser";
import {
  asOrg,
  EMAIL,
  fieldMessage,
  leaveSwitch,
  reloadUntil,
  signIn,
  snowAlert,
  startFlows,
  watchWrites,
  type Flows,
} from "./helpers/web-flows";

describe("web flows: the buyer", { timeout: 600_000 }, () => {
  let flows: Flows;
  before(async () => {
    flows = await startFlows("web_flows_buyer");
    await snowAlert(flows);
  });
  after(async () => flows?.close());

  it("when a buyer signs in and publishes a need, then wrong fields are shown at the fields, and once published the matched suppliers and the notification record follow", async () => {
    const { page, problems } = await flows.web.newPage();
    const writes = watchWrites(page);
    await signIn(flows, page, EMAIL.buyer, "/innkjoper/behov/ny");
    await page.getByRole("heading", { level: 1, name: "Publiser et nytt behov" }).waitFor();
    await check(page, "buyer-need-new");

    await page.getByLabel("Tittel", { exact: true }).fill("Vi");
    await page
      .getByLabel("Behovet, beskrevet som et problem som skal løses")
      .fill("Brøyting og strøing av kommunale veier.");
    await page
      .getByLabel("Beskrivelse", { exact: true })
      .fill("Dialog om utslippsfri vinterdrift med sensorer for føreforhold.");
    await page.getByLabel("Kommunenumre").fill("3207");
    await page.getByLabel("Fra (kr)").fill("60 000 000");
    await page.getByLabel("Til (kr)").fill("40000000");
    await page.getByRole("button", { name: "Publiser", exact: true }).click();
    await page.getByTestId("error-summary").waitFor();
    assert.match(await fieldMessage(page, "Tittel"), /Sjekk feltet/);
    assert.match(await fieldMessage(page, "Til (kr)"), /must not be below min/);
    assert.match((await page.locator("#need-cpv").textContent()) ?? "", /Sjekk feltet/);
    await check(page, "buyer-need-invalid");

    const title = `Vinterdrift i Nordre Follo ${Date.now()}`;
    await page.getByLabel("Tittel", { exact: true }).fill(title);
    await page.getByLabel("Til (kr)").fill("80 000 000");
    await page.getByLabel("Søk i CPV-koder").fill("snørydding");
    await page.getByRole("button", { name: "Legg til 90620000-9 Snørydding og brøyting" }).click();
    await page.getByRole("button", { name: "Fjern 90620000-9" }).waitFor();
    await page.getByRole("button", { name: "Publiser", exact: true }).click();
    await page.waitForURL(/\/innkjoper\/behov\/[0-9a-f]{24}$/);
    const needId = page.url().split("/").pop()!;
    await page.getByRole("heading", { level: 1, name: title }).waitFor();
    await page.getByTestId("saved").waitFor();

    const stored = await asOrg(flows, flows.buyer, "get", `/needs/${needId}`);
    assert.equal(stored.status, "published");
    assert.deepEqual(stored.cpv, ["90620000-9"]);
    assert.deepEqual(stored.estimatedValueNok, { min: 60_000_000, max: 80_000_000 });

    await reloadUntil(page, async () => (await page.getByTestId("need-matches").locator("li").count()) > 0);
    const match = page.getByTestId("need-matches").locator("li", { hasText: flows.supplier.name });
    await match.waitFor();
    assert.match((await match.textContent()) ?? "", /Hvorfor: /);
    await reloadUntil(page, async () => (await page.getByTestId("record-table").locator("tbody tr").count()) > 0);
    assert.match((await page.getByTestId("record-table").textContent()) ?? "", /Sendt|Venter/);
    await check(page, "buyer-need-matches");

    const csvHref = await page.getByTestId("record-csv").getAttribute("href");
    const csv = await page.request.get(csvHref!);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()["content-type"] ?? "", /text\/csv/);
    assert.match(await csv.text(), /supplier/i);

    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByRole("heading", { level: 2, name: /^Matching suppliers \(\d+\)$/ }).waitFor();
    await page.getByRole("heading", { level: 2, name: "Notification record" }).waitFor();
    await leaveSwitch(page);
    await check(page, "buyer-need-matches-en");
    await page.getByRole("button", { name: "Bytt til norsk" }).click();
    await page.getByRole("heading", { level: 2, name: "Varslingslogg" }).waitFor();

    await page.getByRole("link", { name: "Endre", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Endre behovet" }).waitFor();
    assert.match((await page.getByTestId("matched-now").textContent()) ?? "", /\d+ leverandører passer/);
    await page.getByLabel("Varighet (måneder)").fill("48");
    await page.getByRole("button", { name: "Lagre endringene" }).click();
    await page.getByTestId("saved").waitFor();
    assert.equal((await asOrg(flows, flows.buyer, "get", `/needs/${needId}`)).timeline.durationMonths, 48);
    await check(page, "buyer-need-edited");

    await page.getByRole("link", { name: "Mine behov" }).click();
    await page.getByRole("link", { name: title }).waitFor();
    await check(page, "buyer-needs");
    await page.getByRole("link", { name: "Finn leverandører" }).click();
    await page.getByLabel("Søkeord").fill("brøyting");
    await page.getByRole("button", { name: "Søk", exact: true }).click();
    await page.getByTestId("supplier-hits").locator("li").first().waitFor();
    await check(page, "buyer-supplier-search");

    assert.ok(writes.writes.includes("POST /api/v1/needs"), JSON.stringify(writes.writes));
    assert.ok(
      writes.writes.some((w) => w.startsWith("PATCH /api/v1/needs/")),
      JSON.stringify(writes.writes),
    );
    assert.deepEqual(writes.withoutCsrf, []);
    assert.deepEqual(problems, ["400 POST /api/v1/needs"]);
  });

  it("when a supplier opens the edit page of the buyer's need, then the API answers 403 and the page says so instead of the form", async () => {
    const need = await asOrg(flows, flows.buyer, "post", "/needs", {
      title: "Renhold av Ski rådhus",
      challenge: "Renhold av 12 000 kvadratmeter kontor med færre kjemikalier.",
      description: "Dialog om miljømerket renhold og fleksible frekvenser.",
      cpv: ["90910000-9"],
      procedure: "open",
      municipalities: ["3207"],
      status: "published",
    });
    const { page, problems } = await flows.web.newPage();
    await signIn(flows, page, EMAIL.supplier, "/leverandor");
    const denied = page.waitForResponse((r) => r.url().includes(`/api/v1/needs/${need.id}/matches`));
    await page.goto(`/innkjoper/behov/${need.id}/rediger`);
    assert.equal((await denied).status(), 403);
    await page.getByTestId("request-problem").getByText("Du har ikke tilgang").waitFor();
    assert.equal(await page.getByLabel("Tittel", { exact: true }).count(), 0);
    await check(page, "supplier-denied-need-edit");
    assert.deepEqual(problems, [`403 GET /api/v1/needs/${need.id}/matches`]);
  });
});
