/**
 * The signed-in browser flows: the web app with the demo data, its mail going to the local SMTP catcher,
 * the demo organisations' keys for setting the scene through the API, signing in in the browser by the
 * link read from the mail, and a watch on every cookie-authenticated write for its X-CSRF-Token.
 */
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { reindex } from "@markedsdialog/core/search/sync";
import { seedDemo } from "@markedsdialog/seed";
import { startMailCatcher, type MailCatcher } from "../../scripts/mail-catcher";
import { linkToken } from "./accounts";
import { check, startWebApp, type WebApp } from "./browser";
import { bearer } from "./harness";

export interface DemoOrg {
  id: string;
  token: string;
  name: string;
}

export interface Flows {
  web: WebApp;
  catcher: MailCatcher;
  buyer: DemoOrg;
  supplier: DemoOrg;
  organiser: DemoOrg;
  close(): Promise<void>;
}

export const EMAIL = {
  buyer: "innkjoper@nordrefollo.demo",
  supplier: "leverandor@follobroyt.demo",
  organiser: "arrangor@dialogarena.demo",
} as const;

export async function startFlows(name: string): Promise<Flows> {
  const catcher = await startMailCatcher();
  const web = await startWebApp(name, { SMTP_URL: catcher.url, PUBLIC_URL: "http://markedsdialog.test" });
  const { keys } = await seedDemo();
  // The buyers' supplier search reads the suppliers index, which the seed fills only through the queue.
  await reindex(web.h.search, "suppliers");
  const org = (kind: string): DemoOrg => {
    const key = keys.find((k) => k.kind === kind)!;
    return { id: key.organizationId, token: key.token, name: key.organization };
  };
  return {
    web,
    catcher,
    buyer: org("buyer"),
    supplier: org("supplier"),
    organiser: org("organiser"),
    async close() {
      await web.close();
      await catcher.stop();
    },
  };
}

/**
 * Signs in as the person in the browser: asks for the link on /logg-inn, reads it from the mail and opens
 * it, which lands on `next` with the session cookie set (HttpOnly).
 */
export async function signIn(flows: Flows, page: Page, email: string, next: string): Promise<void> {
  // Anonymous, the page sends the reader to /logg-inn with the way back.
  await page.goto(next);
  await page.waitForURL((url) => url.pathname === "/logg-inn" && url.searchParams.get("neste") === next);
  await check(page, `sign-in${next.replace(/\W+/g, "-")}`);
  const asked = Date.now();
  await page.getByLabel("E-postadresse").fill(email);
  await page.getByRole("button", { name: "Send innloggingslenke" }).click();
  await page.getByText("Sjekk e-posten din").waitFor();
  await check(page, `sign-in-sent${next.replace(/\W+/g, "-")}`);
  const token = await linkToken(flows.catcher, email, "logg-inn", asked - 1);
  await page.goto(`/logg-inn?token=${token}&neste=${encodeURIComponent(next)}`);
  await page.waitForURL((url) => url.pathname === next.split("?")[0]);
  await page.getByTestId("signed-in").waitFor();
  const cookie = (await page.context().cookies()).find((c) => c.name === "md_session");
  assert.ok(cookie?.httpOnly, "the session cookie is HttpOnly");
}

/** Every write to the API from the page, with whether it carried X-CSRF-Token; sign-in itself has none to carry. */
export function watchWrites(page: Page): { writes: string[]; withoutCsrf: string[] } {
  const watch = { writes: [] as string[], withoutCsrf: [] as string[] };
  page.on("request", (req) => {
    const path = new URL(req.url()).pathname;
    if (req.method() === "GET" || !path.startsWith("/api/") || path.startsWith("/api/v1/auth/magic-link")) return;
    const line = `${req.method()} ${path}`;
    watch.writes.push(line);
    if (!req.headers()["x-csrf-token"]) watch.withoutCsrf.push(line);
  });
  return watch;
}

/** The validation message the form shows for the field labelled `label` (via its aria-describedby). */
export async function fieldMessage(page: Page, label: string | RegExp): Promise<string> {
  const field = page.getByLabel(label, { exact: typeof label === "string" }).first();
  // The form marks the field once the API's answer is back: wait for it (a minute at most).
  for (let waited = 0; (await field.getAttribute("aria-invalid")) !== "true" && waited < 60_000; waited += 100)
    await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(await field.getAttribute("aria-invalid"), "true", `${String(label)} is marked invalid`);
  const ids = ((await field.getAttribute("aria-describedby")) ?? "").split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(" ");
}

/** After clicking the language switch: the pointer and focus leave it (its hover state is not the page's). */
export async function leaveSwitch(page: Page): Promise<void> {
  await page.mouse.move(1, 500);
  await page.evaluate("document.activeElement && document.activeElement.blur()");
}

/**
 * Reloads the page until `ready` holds (the worker delivers asynchronously). After each load `ready` is
 * asked for up to 2 s, since the page fetches its data after the load event: asked only right after a
 * reload, a page whose answer takes longer than that moment would never be seen ready.
 */
export async function reloadUntil(page: Page, ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const settled = Date.now() + 2000;
    do {
      if (await ready()) return;
      await page.waitForTimeout(100);
    } while (Date.now() < settled);
    if (Date.now() > deadline) throw new Error(`not ready within ${timeoutMs} ms on ${page.url()}`);
    await page.reload();
  }
}

/** The supplier's saved alert through the API: snow clearing (CPV 90620000) in Akershus (county 32). */
export async function snowAlert(flows: Flows, name = "Brøyting i Akershus") {
  return asOrg(flows, flows.supplier, "post", "/subscriptions", {
    name,
    cpv: ["90620000-9"],
    counties: ["32"],
    frequency: "instant",
    channels: ["inapp"],
  });
}

/**
 * A published conference 40 days ahead with one-to-one meetings from 09:00 to 11:00 (Oslo winter time) at
 * the tables given, by the demo organiser, through the API.
 */
export async function meetingConference(flows: Flows, title: string, tables: string[]): Promise<{ id: string }> {
  const day = 24 * 3_600_000;
  const start = new Date(Date.now() + 40 * day);
  start.setUTCHours(8, 0, 0, 0);
  const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000).toISOString();
  return asOrg(flows, flows.organiser, "post", "/conferences", {
    title: `${title} ${Date.now()}`,
    venue: "Ski rådhus",
    startsAt: at(0),
    endsAt: at(8),
    registrationDeadline: new Date(start.getTime() - 5 * day).toISOString(),
    capacity: 100,
    status: "published",
    coOrganizerIds: [],
    needIds: [],
    meetings: { start: at(1), end: at(3), slotMinutes: 20, tables },
  });
}

/** Through the API with a demo key (setting the scene; the browser does the flow). */
export async function asOrg(flows: Flows, org: DemoOrg, method: "get" | "post" | "patch", path: string, body?: object) {
  const req = flows.web.h.http[method](`/api/v1${path}`).set(...bearer(org.token));
  const res = body ? await req.send(body) : await req;
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
