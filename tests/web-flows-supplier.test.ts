/**
 * The supplier's flow in Chromium: signing in by the e-mailed link, editing the capability profile (CPV
 * and industry codes picked from the real lists; a wrong municipality shown at its field), saving,
 * changing and deleting alerts, reading the inbox (a need published to the saved alert arrives; marking it
 * read lowers the unread count), the matched needs with why, asking a buyer for a meeting at a
 * conference and, once the schedule is published, downloading the agenda. Norwegian, the English switch,
 * axe on every page, X-CSRF-Token on every write.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, it } from "node:test";
import { check } from "./helpers/browser";
import {
  asOrg,
  EMAIL,
  fieldMessage,
  leaveSwitch,
  reloadUntil,
  signIn,
  startFlows,
  watchWrites,
  type Flows,
  meetingConference,
} from "./helpers/web-flows";

describe("web flows: the supplier", { timeout: 600_000 }, () => {
  let flows: Flows;
  let conferenceId: string;
  before(async () => {
    flows = await startFlows("web_flows_supplier");
    const conference = await meetingConference(flows, "Leverandørdag vinterdrift", ["Bord A", "Bord B"]);
    conferenceId = conference.id;
    for (const org of [flows.buyer, flows.supplier]) {
      await asOrg(flows, org, "post", `/conferences/${conferenceId}/registrations`, {
        participants: [{ name: `Kari ${org.name}`, email: `kari.${org.id}@example.no` }],
      });
    }
  });
  after(async () => flows?.close());

  it("when a supplier signs in, edits its profile, keeps an alert, reads the inbox, asks for a meeting and downloads the agenda, then each step is stored and shown", async () => {
    const { page, problems } = await flows.web.newPage();
    const writes = watchWrites(page);
    await signIn(flows, page, EMAIL.supplier, "/leverandor/profil");
    await page.getByRole("heading", { level: 1, name: "Kompetanseprofil" }).waitFor();
    await check(page, "supplier-profile");

    // The profile: a wrong municipality first, shown at its field; then new codes from the pickers.
    await page.getByLabel("Kommunenummer for forretningsadressen").fill("9999");
    await page.getByRole("button", { name: "Lagre profilen" }).click();
    assert.match(await fieldMessage(page, "Kommunenummer for forretningsadressen"), /Er ikke et kommunenummer/);
    await check(page, "supplier-profile-invalid");
    await page.getByLabel("Kommunenummer for forretningsadressen").fill("3207");
    await page.getByLabel("Hva dere kan levere").fill("Brøyting, strøing, isrydding og snørydding i hele Follo.");
    await page.getByLabel("Søk i CPV-koder").fill("gatefeiing");
    await page.getByRole("button", { name: /^Legg til 90612000-0 / }).click();
    await page.getByLabel("Søk i næringskoder").fill("riving av bygninger");
    await page.getByRole("button", { name: /^Legg til 43\.110 / }).click();
    await page.getByRole("button", { name: "Fjern 43.110" }).waitFor();
    // The service area on the map: a county clicked, then a municipality picked by keyboard (ones the demo
    // profile, whose area is drawn at random, does not have yet).
    const before = (await asOrg(flows, flows.supplier, "get", `/suppliers/${flows.supplier.id}`)).serviceArea;
    const county = [
      ["34", "Innlandet"],
      ["50", "Trøndelag"],
      ["18", "Nordland"],
    ].find(([n]) => !before.counties.includes(n))!;
    const municipality = [
      ["4601", "Bergen"],
      ["1103", "Stavanger"],
      ["1804", "Bodø"],
    ].find(([n]) => !before.municipalities.includes(n))!;
    const area = ([n, name]: string[]) => `${name} (${n})`;
    const map = page.getByTestId("service-area-map");
    await map.getByRole("checkbox", { name: area(county), exact: true }).click();
    await map.getByRole("checkbox", { name: `${area(county)}, valgt` }).waitFor();
    await map.getByText("Kommuner", { exact: true }).click();
    await map.getByRole("checkbox", { name: area(municipality), exact: true }).press("Space");
    await map.getByRole("checkbox", { name: `${area(municipality)}, valgt` }).waitFor();
    assert.ok((await page.getByLabel("Fylkesnumre").inputValue()).split(", ").includes(county[0]!));
    assert.ok((await page.getByLabel("Kommunenumre").inputValue()).split(", ").includes(municipality[0]!));
    await check(page, "supplier-profile-map");
    await page.getByRole("button", { name: "Lagre profilen" }).click();
    await page.getByTestId("saved").waitFor();
    const profile = await asOrg(flows, flows.supplier, "get", `/suppliers/${flows.supplier.id}`);
    assert.ok(profile.cpv.includes("90612000-0"), JSON.stringify(profile.cpv));
    assert.ok(profile.nace.includes("43.110"), JSON.stringify(profile.nace));
    assert.equal(profile.capabilities, "Brøyting, strøing, isrydding og snørydding i hele Follo.");
    assert.ok(profile.certifications.length > 0, "certifications kept");
    assert.deepEqual(profile.serviceArea.counties, [...before.counties, county[0]]);
    assert.deepEqual(profile.serviceArea.municipalities, [...before.municipalities, municipality[0]]);
    // Shown on the profile: the areas by name, and picked on the map.
    await page.reload();
    await page
      .getByTestId("service-area-map")
      .getByRole("checkbox", { name: `${area(county)}, valgt` })
      .waitFor();
    const names = (await page.getByTestId("service-area-names").textContent()) ?? "";
    assert.ok(names.includes(area(county)) && names.includes(area(municipality)), names);
    await check(page, "supplier-profile-saved");

    // Alerts: one saved, renamed; a second saved and deleted.
    await page.getByRole("link", { name: "Varsler" }).click();
    await page.getByRole("heading", { level: 1, name: "Varsler" }).waitFor();
    const addAlert = async (name: string) => {
      await page.getByLabel("Navn på varselet").fill(name);
      await page.getByLabel("Søkeord").fill("brøyting");
      await page.getByLabel("Søk i CPV-koder").fill("90620");
      await page.getByRole("button", { name: /^Legg til 90620000-9 / }).click();
      await page.getByLabel("Fylkesnumre").fill("32");
      await page.getByRole("button", { name: "Lagre varselet" }).click();
      await page.getByTestId("alerts").getByRole("heading", { name }).waitFor();
    };
    await addAlert("Brøyting i Follo");
    await page.getByRole("button", { name: "Endre Brøyting i Follo" }).click();
    await page.getByLabel("Navn på varselet").fill("Brøyting og strøing i Akershus");
    await page.getByRole("button", { name: "Lagre endringene" }).click();
    await page.getByTestId("alerts").getByRole("heading", { name: "Brøyting og strøing i Akershus" }).waitFor();
    await addAlert("Til sletting");
    await page.getByRole("button", { name: "Slett Til sletting" }).click();
    await page.getByTestId("alerts").getByRole("heading", { name: "Til sletting" }).waitFor({ state: "detached" });
    const alerts = await asOrg(flows, flows.supplier, "get", "/subscriptions");
    assert.deepEqual(
      alerts.items.map((s: { name: string; cpv: string[]; counties: string[]; keywords: string[] }) => [
        s.name,
        s.cpv,
        s.counties,
        s.keywords,
      ]),
      [["Brøyting og strøing i Akershus", ["90620000-9"], ["32"], ["brøyting"]]],
    );
    await check(page, "supplier-alerts");
    // E-mail for every alert stopped and started again from here (the way back without an e-mail's link).
    await page.getByRole("button", { name: "Avslutt alle e-postvarsler" }).click();
    await page.getByText("Dere har avsluttet e-postvarsler", { exact: false }).waitFor();
    assert.equal((await asOrg(flows, flows.supplier, "get", "/email-notifications")).unsubscribed, true);
    await page.getByRole("button", { name: "Få e-postvarsler igjen" }).click();
    await page.getByRole("button", { name: "Avslutt alle e-postvarsler" }).waitFor();
    assert.equal((await asOrg(flows, flows.supplier, "get", "/email-notifications")).unsubscribed, false);

    // A need published to the alert arrives in the inbox; marking it read lowers the unread count.
    const title = `Brøyting av skoleveier i Ski ${Date.now()}`;
    const need = await asOrg(flows, flows.buyer, "post", "/needs", {
      title,
      challenge: "Brøyting og strøing av skoleveier før klokken sju.",
      description: "Dialog om beredskap og sensorer for føreforhold.",
      cpv: ["90620000-9"],
      procedure: "open",
      municipalities: ["3207"],
      status: "published",
    });
    await page.getByRole("link", { name: "Innboks" }).click();
    await page.getByRole("heading", { level: 1, name: /^Innboks/ }).waitFor();
    await reloadUntil(
      page,
      async () => (await page.getByTestId("inbox").getByRole("link", { name: title }).count()) > 0,
      90_000,
    ).catch(async (error: Error) => {
      // What the worker had done by then, for the report.
      const record = await asOrg(flows, flows.buyer, "get", `/needs/${need.id}/notifications`);
      const mine = record.items.filter((d: { supplierId: string }) => d.supplierId === flows.supplier.id);
      const queues = await Promise.all(flows.web.h.ctx.allQueues.map(async (q) => [q.name, await q.getJobCounts()]));
      throw new Error(
        `${error.message}; deliveries to the supplier ${JSON.stringify(mine)} of ${record.items.length}; queues ${JSON.stringify(queues)}`,
      );
    });
    const unread = Number(/(\d+)/.exec((await page.getByTestId("unread-text").textContent()) ?? "")?.[1]);
    assert.ok(unread >= 1);
    await check(page, "supplier-inbox");
    await page.getByRole("button", { name: `Merk «${title}» som lest` }).click();
    await page
      .getByTestId("unread-text")
      .getByText(`${unread - 1} uleste`)
      .waitFor();

    // The matched needs, each with why.
    await page.getByRole("link", { name: "Behov som passer" }).click();
    const match = page.getByTestId("supplier-matches").locator("li", { hasText: title });
    await match.waitFor();
    assert.match((await match.textContent()) ?? "", /Hvorfor: /);
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByRole("heading", { level: 1, name: `Needs matching ${flows.supplier.name}` }).waitFor();
    await leaveSwitch(page);
    await check(page, "supplier-matches-en");
    await page.getByRole("button", { name: "Bytt til norsk" }).click();
    await page.getByRole("heading", { level: 1, name: `Behov som passer for ${flows.supplier.name}` }).waitFor();
    await leaveSwitch(page);

    // A meeting asked for at the conference; accepted, scheduled and published; the agenda downloaded.
    await page.getByRole("link", { name: "Møter" }).click();
    await page.getByLabel("Konferanse").selectOption(conferenceId);
    await page.getByLabel("Med oppdragsgiver").selectOption(flows.buyer.id);
    await page.getByLabel("Hvor gjerne").selectOption("must");
    await page.getByLabel("Kort om hva dere vil snakke om").fill("Utslippsfri brøyting med elektrisk hjullaster.");
    const asked = page.waitForResponse((r) => r.url().endsWith(`/conferences/${conferenceId}/meeting-requests`));
    await page.getByRole("button", { name: "Send forespørselen" }).click();
    const request = await (await asked).json();
    assert.equal(request.status, "open");
    const row = (id: string) => page.getByTestId("meeting-requests").locator(`tr[data-request="${id}"]`);
    await row(request.id).getByText("venter på svar").waitFor();
    assert.match((await row(request.id).textContent()) ?? "", new RegExp(`${flows.buyer.name}.*Oss`));
    assert.equal(request.pitch, "Utslippsfri brøyting med elektrisk hjullaster.");
    await check(page, "supplier-meetings");

    // The buyer invites the supplier too; the supplier accepts it in the page with its ranking.
    const invitation = await asOrg(flows, flows.buyer, "post", `/conferences/${conferenceId}/meeting-requests`, {
      buyerOrgId: flows.buyer.id,
      supplierOrgId: flows.supplier.id,
      needId: need.id,
      ranking: "must",
    });
    await page.reload();
    await row(invitation.id).getByText("Dem").waitFor();
    await row(invitation.id).getByLabel(`Vår rangering av møtet med ${flows.buyer.name}`).selectOption("would_like");
    await row(invitation.id)
      .getByRole("button", { name: `Godta møtet med ${flows.buyer.name}` })
      .click();
    await row(invitation.id).getByText("godtatt").waitFor();
    const listed = await asOrg(flows, flows.supplier, "get", `/meeting-requests?conferenceId=${conferenceId}`);
    assert.deepEqual(
      listed.items.map((r: { id: string; status: string; supplierRanking?: string }) => [
        r.id,
        r.status,
        r.supplierRanking,
      ]),
      [
        [invitation.id, "accepted", "would_like"],
        [request.id, "open", "must"],
      ],
    );
    await check(page, "supplier-meeting-requests");
    // The supplier withdraws its own request; the buyer's accepted invitation is the meeting scheduled.
    await row(request.id)
      .getByRole("button", { name: `Trekk forespørselen til ${flows.buyer.name}` })
      .click();
    await row(request.id).getByText("trukket").waitFor();
    await asOrg(flows, flows.organiser, "post", `/conferences/${conferenceId}/schedule`, { seed: 1 });
    await asOrg(flows, flows.organiser, "post", `/conferences/${conferenceId}/schedule/publish`, { final: false });
    await page.reload();
    await page.getByTestId("agenda").waitFor();
    assert.match((await page.getByTestId("agenda").textContent()) ?? "", new RegExp(flows.buyer.name));
    await check(page, "supplier-agenda");
    const download = page.waitForEvent("download");
    await page.getByTestId("agenda-ics").click();
    const ics = await readFile((await (await download).path())!, "utf8");
    assert.match(ics, /^BEGIN:VCALENDAR/);
    assert.match(ics, /BEGIN:VEVENT/);
    assert.ok(need.id);

    for (const write of [
      "PUT /api/v1/suppliers/",
      "POST /api/v1/subscriptions",
      "PATCH /api/v1/subscriptions/",
      "DELETE /api/v1/subscriptions/",
      "POST /api/v1/inbox/",
      `POST /api/v1/conferences/${conferenceId}/meeting-requests`,
      `POST /api/v1/meeting-requests/${invitation.id}/accept`,
      `DELETE /api/v1/meeting-requests/${request.id}`,
    ]) {
      assert.ok(
        writes.writes.some((w) => w.startsWith(write)),
        `${write} in ${JSON.stringify(writes.writes)}`,
      );
    }
    assert.deepEqual(writes.withoutCsrf, []);
    // The refused profile, and the schedule before it was published (the page says "not published yet"),
    // asked on the first visit and after the reload for the buyer's invitation.
    assert.deepEqual(problems, [
      `400 PUT /api/v1/suppliers/${flows.supplier.id}/profile`,
      `404 GET /api/v1/conferences/${conferenceId}/schedule`,
      `404 GET /api/v1/conferences/${conferenceId}/schedule`,
    ]);
  });
});
