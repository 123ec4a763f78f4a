/**
 * Signing in through the browser: the sign-in link asked for on /logg-inn arrives by the real SMTP path
 * (read from the local mail catcher), its page verifies it and sets the HttpOnly session cookie, the
 * header names the person and organisation, a conference registration is written with the cookie and
 * CSRF token, and signing out ends it. Denials too: a used link, and a cookie write without the token.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startMailCatcher, type MailCatcher } from "../scripts/mail-catcher";
import { linkToken } from "./helpers/accounts";
import { check, startWebApp, type WebApp } from "./helpers/browser";
import { bearer } from "./helpers/harness";

const BUYER = "innkjoper@nordrefollo.demo";

describe("web: sign-in by link, the signed-in header, registration and sign-out", { timeout: 400_000 }, () => {
  let catcher: MailCatcher;
  let web: WebApp;
  let conferenceId = "";

  before(async () => {
    catcher = await startMailCatcher();
    web = await startWebApp("web_sign_in", { SMTP_URL: catcher.url });
    const organiser = await web.h.organization("organiser");
    const conference = await web.h.http
      .post("/api/v1/conferences")
      .set(...bearer(organiser.token))
      .send({
        title: "Leverandørdag for Follo",
        venue: "Ski",
        startsAt: "2027-05-04T09:00:00+02:00",
        endsAt: "2027-05-04T15:00:00+02:00",
        registrationDeadline: "2027-04-20T12:00:00+02:00",
        capacity: 50,
        status: "published",
      });
    assert.equal(conference.status, 201, JSON.stringify(conference.body));
    conferenceId = conference.body.id;
  });
  after(async () => {
    await web?.close();
    await catcher?.stop();
  });

  it("when a buyer asks for a link from a conference and opens the mailed link, then they are signed in, back on the conference, and can register", async () => {
    const { page, context, problems } = await web.newPage();
    await page.goto(`/konferanser/${conferenceId}`);
    await page.getByRole("link", { name: "Logg inn for å melde på organisasjonen din" }).click();
    await page.waitForURL(/\/logg-inn\?neste=/);
    await check(page, "sign-in");
    const asked = Date.now();
    await page.getByLabel("E-postadresse").fill(BUYER);
    await page.getByRole("button", { name: "Send innloggingslenke" }).click();
    await page
      .getByText(`Sjekk e-posten din. Hvis adressen er registrert, har vi sendt en lenke til ${BUYER}.`)
      .waitFor();
    const token = await linkToken(catcher, BUYER, "logg-inn", asked - 1);
    await page.goto(`/logg-inn?token=${token}`);
    await page.waitForURL(new RegExp(`/konferanser/${conferenceId}$`));
    const header = page.getByTestId("signed-in");
    await header.waitFor();
    assert.match((await header.textContent()) ?? "", /^Innlogget som .+, Nordre Follo kommune$/);
    const cookie = (await context.cookies()).find((c) => c.name === "md_session");
    assert.ok(cookie?.httpOnly, "the session cookie is HttpOnly");
    assert.equal(cookie?.sameSite, "Lax");
    assert.equal(await page.getByLabel("E-postadresse").inputValue(), BUYER);
    await check(page, "conference-signed-in");
    await page.getByRole("button", { name: "Meld på" }).click();
    await page.getByText("Organisasjonen din er påmeldt.").waitFor();
    const list = await web.h.http.get(`/api/v1/conferences/${conferenceId}`);
    assert.equal(list.body.registeredParticipants, 1);

    // The same cookie without the CSRF token is refused, from the page itself.
    const status = await page.evaluate(
      `fetch("/api/v1/conferences/${conferenceId}/registrations", { method: "DELETE" }).then((r) => r.status)`,
    );
    assert.equal(status, 403);

    // The header leads a buyer to the buyers' own pages.
    await page.getByRole("link", { name: "Mine sider" }).click();
    await page.waitForURL(/\/innkjoper$/);
    await page.getByRole("navigation", { name: "Sider for oppdragsgivere" }).waitFor();

    await page.getByRole("button", { name: "Logg ut" }).click();
    await page.getByRole("link", { name: "Logg inn", exact: true }).waitFor();
    assert.equal(await page.evaluate(`fetch("/api/v1/auth/session").then((r) => r.status)`), 401);
    assert.deepEqual(
      problems.filter((p) => !p.startsWith("403 DELETE") && !p.startsWith("401 GET /api/v1/auth/session")),
      [],
    );

    // The link was used up: opening it again does not sign in.
    await page.goto(`/logg-inn?token=${token}`);
    await page.getByText("Lenken virker ikke lenger. Be om en ny.").waitFor();
    await check(page, "sign-in-used-link");
  });

  it("when someone signs in in English, then the pages speak English and the header says who they are", async () => {
    const { page } = await web.newPage();
    await page.goto("/logg-inn");
    await page.getByRole("button", { name: "Switch to English" }).click();
    const asked = Date.now();
    await page.getByLabel("E-mail address").fill("leverandor@follobroyt.demo");
    await page.getByRole("button", { name: "Send sign-in link" }).click();
    await page.getByText(/^Check your e-mail/).waitFor();
    const token = await linkToken(catcher, "leverandor@follobroyt.demo", "logg-inn", asked - 1);
    await page.goto(`/logg-inn?token=${token}`);
    await page.waitForURL(/\/$/);
    await page.getByRole("heading", { level: 1, name: "Needs pipeline" }).waitFor();
    assert.match(
      (await page.getByTestId("signed-in").textContent()) ?? "",
      /^Signed in as .+, Follo Brøyt og Anlegg AS$/,
    );
    await check(page, "pipeline-signed-in-en");
  });
});
