/**
 * The web app's front page in Chromium: served by the API at /, the pipeline of the demo data with
 * Follo's NOK 10 billion at the top, in Norwegian amounts, accessible, and the English switch.
 */
import assert from "node:assert/strict";
import { get } from "node:http";
import { after, before, describe, it } from "node:test";
import { check, startWebApp, type WebApp } from "./helpers/browser";

describe("web: the needs pipeline", { timeout: 300_000 }, () => {
  let web: WebApp;
  before(async () => {
    web = await startWebApp("web_pipeline");
  });
  after(async () => web?.close());

  it("when someone opens /, then the API serves the app, which shows the buyer groups' totals with Follo first in nb-NO amounts", async () => {
    const { page, problems } = await web.newPage();
    const res = await page.goto("/");
    assert.equal(res?.status(), 200);
    assert.match(res?.headers()["content-security-policy"] ?? "", /script-src 'self'/);
    await page.getByRole("heading", { level: 1, name: "Behovsoversikt" }).waitFor();
    const bars = page.locator("svg.md-bars a");
    await bars.first().waitFor();
    const first = await bars.first().locator("title").textContent();
    assert.match(first ?? "", /^Follo.*: 10,\d\smrd\.\skr$/, `the first bar: ${first}`);
    const total = (await page.locator("#pipeline-total").textContent()) ?? "";
    assert.match(total, /^Totalt [\d,]+\smrd\.\skr i \d+ behov$/, total);
    await check(page, "pipeline-nb");
    // The bar is a link: the search filtered to the group's member buyers.
    await bars.first().click();
    await page.waitForURL(/\/behov\?group=[0-9a-f]{24}$/);
    const heading = page.getByRole("heading", { level: 2, name: /^\d+ treff$/ });
    await heading.waitFor();
    const found = Number(/^(\d+)/.exec((await heading.textContent()) ?? "")?.[1]);
    const groups = (await web.h.http.get("/api/v1/pipeline").query({ groupBy: "group" })).body.items as {
      label: string;
      count: number;
    }[];
    const follo = groups.find((g) => g.label.startsWith("Follo"))!;
    assert.ok(found > 0 && found <= follo.count, `${found} found of the group's ${follo.count}`);
    assert.deepEqual(problems, []);
  });

  it("when the reader picks another grouping and switches to English, then the page follows and remembers the language", async () => {
    const { page, problems } = await web.newPage();
    await page.goto("/");
    await page.getByLabel("Grupper etter").selectOption("county");
    await page.waitForURL(/groupBy=county/);
    await page.getByRole("button", { name: "Switch to English" }).click();
    await page.getByRole("heading", { level: 1, name: "Needs pipeline" }).waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Needs pipeline" }).waitFor();
    assert.equal(await page.getByLabel("Group by").inputValue(), "county");
    await check(page, "pipeline-en-county");
    assert.deepEqual(problems, []);
  });

  it("when an unknown address under / is asked for, then the app answers it (SPA fallback) while /api stays problem+json", async () => {
    const page = await fetch(`${web.url}/behov/finnes-ikke`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.equal(page.headers.get("cache-control"), "no-cache");
    const api = await fetch(`${web.url}/api/v1/finnes-ikke`);
    assert.equal(api.status, 404);
    assert.match(api.headers.get("content-type") ?? "", /application\/problem\+json/);
    const html = await page.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(asset, html);
    const js = await fetch(`${web.url}${asset}`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get("cache-control") ?? "", /max-age=31536000.*immutable/);
    assert.equal((await fetch(`${web.url}/assets/finnes-ikke.js`)).status, 404);
    // Gzipped as the build wrote it, for a client that takes gzip (fetch does, and unpacks it).
    const raw = await new Promise<{ encoding?: string; type?: string; bytes: number }>((resolve, reject) => {
      get(`${web.url}${asset}`, { headers: { "accept-encoding": "gzip" } }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () =>
          resolve({ encoding: res.headers["content-encoding"], type: res.headers["content-type"], bytes }),
        );
      }).on("error", reject);
    });
    assert.equal(raw.encoding, "gzip");
    assert.match(raw.type ?? "", /javascript/);
    assert.ok(raw.bytes < (await js.arrayBuffer()).byteLength / 2, "the gzipped copy is smaller");
  });
});
