/**
 * The public pages in Chromium against the demo data: needs search with filters, facets and the distance
 * filter; the map as a filter; a need with its timeline, change log and conference; the conference with
 * its programme and the way to register. Every page visited is checked with axe-core and photographed.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { unsubscribeToken } from "@markedsdialog/core";
import { bearer, needBody } from "./helpers/harness";
import { check, startWebApp, type WebApp } from "./helpers/browser";

describe("web: search, map, need and conference pages", { timeout: 400_000 }, () => {
  let web: WebApp;
  let needId = "";
  let conferenceId = "";

  before(async () => {
    web = await startWebApp("web_pages");
    const buyer = await web.h.organization("buyer", { municipality: "3207" });
    const organiser = await web.h.organization("organiser");
    const need = await web.h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(
        needBody({
          status: "published",
          title: "Utslippsfri vinterdrift i Ski sentrum",
          milestones: [{ kind: "dialogue_conference", date: "2027-02-10T09:00:00+01:00", title: "Dialogmøte" }],
        }),
      );
    assert.equal(need.status, 201, JSON.stringify(need.body));
    needId = need.body.id;
    const patched = await web.h.http
      .patch(`/api/v1/needs/${needId}`)
      .set(...bearer(buyer.token))
      .send({ estimatedValueNok: { min: 45_000_000, max: 70_000_000 } });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const conference = await web.h.http
      .post("/api/v1/conferences")
      .set(...bearer(organiser.token))
      .send({
        title: "Dialogkonferanse om vinterdrift",
        venue: "Ski rådhus",
        startsAt: "2027-02-10T09:00:00+01:00",
        endsAt: "2027-02-10T15:00:00+01:00",
        registrationDeadline: "2027-02-01T12:00:00+01:00",
        capacity: 80,
        needIds: [needId],
        programme: [
          { startsAt: "2027-02-10T09:00:00+01:00", title: "Velkommen og behovet", speaker: "Nordre Follo kommune" },
          { startsAt: "2027-02-10T10:30:00+01:00", endsAt: "2027-02-10T12:00:00+01:00", title: "Én-til-én-møter" },
        ],
        status: "published",
      });
    assert.equal(conference.status, 201, JSON.stringify(conference.body));
    conferenceId = conference.body.id;
  });
  after(async () => web?.close());

  it("when a supplier searches for words and narrows by procedure, then hits, counts and facet numbers follow the address", async () => {
    const { page, problems } = await web.newPage();
    await page.goto("/behov");
    await page.getByRole("heading", { level: 2, name: /^\d+ treff$/ }).waitFor();
    await page.getByLabel("Søkeord").fill("brøyting");
    await page.getByRole("button", { name: "Søk" }).first().click();
    await page.waitForURL(/q=br%C3%B8yting|q=brøyting/);
    const heading = page.getByRole("heading", { level: 2, name: /^\d+ treff$/ });
    await heading.waitFor();
    const total = Number(/^(\d+)/.exec((await heading.textContent()) ?? "")?.[1]);
    assert.ok(total > 0, "brøyting finds the demo's winter road needs");
    const procedure = page.getByRole("checkbox", { name: /^Konkurranse med forhandling \(\d+\)$/ });
    await procedure.check();
    await page.getByRole("button", { name: "Søk" }).first().click();
    await page.waitForURL(/procedure=competitive_negotiation/);
    await page.locator(".md-hits > li").first().waitFor();
    for (const tag of await page.locator(".md-hits > li").allTextContents())
      assert.match(tag, /Konkurranse med forhandling/);
    await check(page, "search-filtered");
    assert.deepEqual(problems, []);
  });

  it("when the distance filter names Nordre Follo and 15 km, then every hit is that near, nearest first", async () => {
    const { page, problems } = await web.newPage();
    await page.goto("/behov");
    await page.getByLabel("Nær kommune").selectOption({ label: "Nordre Follo" });
    await page.getByLabel("Innen (km)").fill("15");
    await page.getByRole("button", { name: "Søk" }).first().click();
    await page.waitForURL(/near=3207.*radiusKm=15|radiusKm=15.*near=3207/);
    await page.locator(".md-hits > li").first().waitFor();
    const distances = (await page.locator(".md-hits > li").allTextContents()).map((text) =>
      Number(/(\d+) km unna/.exec(text)?.[1]),
    );
    assert.ok(distances.length > 0);
    for (const km of distances) assert.ok(km <= 15, `a hit ${km} km away`);
    assert.deepEqual(
      distances,
      [...distances].sort((a, b) => a - b),
    );
    await check(page, "search-distance");
    assert.deepEqual(problems, []);
  });

  it("when the reader clicks Akershus on the map, then the search shows Akershus's needs; municipalities can be shown too", async () => {
    const { page, problems } = await web.newPage();
    await page.goto("/kart");
    const akershus = page.locator('svg a[data-area="32"]');
    await akershus.waitFor();
    assert.match((await akershus.locator("title").textContent()) ?? "", /^Akershus: [\d,]+\smrd\.\skr$/);
    await check(page, "map-counties");
    await akershus.click();
    await page.waitForURL(/\/behov\?county=32$/);
    await page.getByRole("heading", { level: 2, name: /^\d+ treff$/ }).waitFor();
    assert.equal(await page.getByLabel("Fylke").inputValue(), "32");
    await page.goto("/kart?niva=kommune");
    const follo = page.locator('svg a[data-area="3207"]');
    await follo.waitFor();
    assert.match((await follo.locator("title").textContent()) ?? "", /^Nordre Follo: \d+ behov$/);
    await check(page, "map-municipalities");
    assert.deepEqual(problems, []);
  });

  it("when a need is opened, then its facts, timeline, milestones, change log and conference are shown, and the conference's programme", async () => {
    const { page, problems } = await web.newPage();
    await page.goto(`/behov/${needId}`);
    await page.getByRole("heading", { level: 1, name: "Utslippsfri vinterdrift i Ski sentrum" }).waitFor();
    assert.match((await page.locator(".md-facts").textContent()) ?? "", /45\smill\.\skr\s–\s70\smill\.\skr/);
    assert.match((await page.locator("#need-timeline").locator("..").textContent()) ?? "", /1\. april 2027/);
    assert.match((await page.locator("#need-timeline").locator("..").textContent()) ?? "", /Dialogmøte/);
    const log = (await page.getByTestId("change-log").textContent()) ?? "";
    assert.match(log, /Anslått verdi: fra 40\smill\.\skr\s–\s60\smill\.\skr til 45\smill\.\skr\s–\s70\smill\.\skr/);
    await check(page, "need-detail");
    const link = page.getByRole("link", { name: "Dialogkonferanse om vinterdrift" });
    assert.equal(await link.getAttribute("href"), `/konferanser/${conferenceId}`);
    await link.click();
    await page.getByRole("heading", { level: 1, name: "Dialogkonferanse om vinterdrift" }).waitFor();
    const programme = page.getByRole("table", { name: "Program" });
    assert.match((await programme.textContent()) ?? "", /09:00.*Velkommen og behovet.*10:30–12:00.*Én-til-én-møter/);
    assert.match((await page.locator("article").textContent()) ?? "", /80 av 80 plasser ledige/);
    await page.getByRole("link", { name: "Logg inn for å melde på organisasjonen din" }).waitFor();
    await check(page, "conference");
    assert.deepEqual(problems, []);
  });

  it("when a keyboard user starts on a page, then the skip link comes first and takes them to the main content", async () => {
    const { page, problems } = await web.newPage();
    await page.goto("/konferanser");
    await page.getByRole("heading", { level: 1, name: "Dialogkonferanser" }).waitFor();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate("document.activeElement?.textContent"), "Hopp til hovedinnholdet");
    await page.keyboard.press("Enter");
    await page.waitForURL(/#main$/);
    await page.keyboard.press("Tab");
    assert.equal(
      await page.evaluate('document.activeElement?.closest("main")?.id'),
      "main",
      "the next stop is inside the main content",
    );
    await check(page, "conferences");
    assert.deepEqual(problems, []);
  });

  it("when an unknown need is opened, then the page says it is not found", async () => {
    const { page } = await web.newPage();
    await page.goto("/behov/0123456789abcdef01234567");
    await page.getByRole("heading", { level: 1, name: "Fant ikke siden" }).waitFor();
    await check(page, "need-not-found");
  });

  it("when a supplier opens the unsubscribe link of its e-mails, then nothing changes until it clicks; it can stop e-mail and start it again", async () => {
    const supplier = await web.h.organization("supplier");
    const token = unsubscribeToken(web.h.config.NOTIFY_SECRET, supplier.id);
    const status = async () => (await web.h.http.get(`/api/v1/unsubscribe/${token}`)).body.unsubscribed as boolean;
    const { page, problems } = await web.newPage();
    await page.goto(`/avmelding?token=${encodeURIComponent(token)}`);
    await page.getByRole("heading", { level: 1, name: "E-postvarsler" }).waitFor();
    await page.getByText("Dere får e-postvarsler om nye og endrede markedsdialoger.").waitFor();
    assert.equal(await status(), false, "opening the page unsubscribes nobody (mail scanners follow links)");
    await check(page, "unsubscribe");
    await page.getByRole("button", { name: "Avslutt e-postvarsler" }).click();
    await page.getByText("Dere får ikke lenger e-postvarsler.").waitFor();
    assert.equal(await status(), true);
    await page.getByRole("button", { name: "Få e-postvarsler igjen" }).click();
    await page.getByText("Dere får e-postvarsler om nye og endrede markedsdialoger.").waitFor();
    assert.equal(await status(), false);
    assert.deepEqual(problems, []);

    const { page: forged } = await web.newPage();
    await forged.goto(`/avmelding?token=${encodeURIComponent(token.replace(/.$/, (c) => (c === "A" ? "B" : "A")))}`);
    await forged.getByText("Lenken er ugyldig eller utløpt.", { exact: false }).waitFor();
    assert.equal(
      await forged
        .getByRole("button")
        .filter({ hasText: /e-postvarsler/ })
        .count(),
      0,
    );
  });
});
