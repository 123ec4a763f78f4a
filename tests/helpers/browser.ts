/**
 * The web app in a real browser: the API (with the built web app at /) on a loopback port against the
 * run's FerretDB and Redis, seeded with the demo, and Debian's Chromium driven by playwright-core.
 * `check(page, name)` runs axe-core (no serious or critical violations allowed) and saves a screenshot
 * under test-results/web/ (gitignored), the tests' artifacts.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { existsSync, mkdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { reindex } from "@markedsdialog/core/search/sync";
import { seedDemo } from "@markedsdialog/seed";
import { ensureWebBuilt } from "../../scripts/web-build";
import { startHarness, type Harness } from "./harness";

export const CHROMIUM = process.env["CHROMIUM_PATH"] || "/usr/bin/chromium";
export const ARTIFACTS = fileURLToPath(new URL("../../test-results/web/", import.meta.url));

export interface WebApp {
  h: Harness;
  url: string;
  browser: Browser;
  /** A fresh browser context (cookies, storage) with a page that records console errors and CSP reports. */
  newPage(options?: {
    locale?: string;
    /** The browser's time zone (the machine's by default). */
    timezoneId?: string;
  }): Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
  close(): Promise<void>;
}

/** Builds web/dist when stale, starts the API with the demo data and Chromium. */
export async function startWebApp(name: string, env: Record<string, string> = {}): Promise<WebApp> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium)`);
  ensureWebBuilt((msg) => console.error(`web: ${msg}`));
  const h = await startHarness(name, { MEILI_URL: "", ...env }, { workers: true });
  await seedDemo();
  await reindex(h.search, "needs");
  const server: Server = h.app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // As root (CI), Chromium's sandbox cannot start.
    args: ["--no-sandbox", "--disable-dev-shm-usage"],
  });
  return {
    h,
    url,
    browser,
    async newPage(options = {}) {
      const context = await browser.newContext({
        baseURL: url,
        locale: options.locale ?? "nb-NO",
        ...(options.timezoneId && { timezoneId: options.timezoneId }),
      });
      const page = await context.newPage();
      const problems: string[] = [];
      // The browser logs every answer >= 400 as "Failed to load resource"; those are told by URL below.
      page.on("console", (msg) => {
        if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource"))
          problems.push(`console: ${msg.text()}`);
      });
      page.on("response", (res) => {
        const path = new URL(res.url()).pathname;
        // Nobody signed in: the session answers 401 (404 before the accounts routes exist).
        if (path === "/api/v1/auth/session" && [401, 404].includes(res.status())) return;
        if (res.status() >= 400) problems.push(`${res.status()} ${res.request().method()} ${path}`);
      });
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      return { context, page, problems };
    },
    async close() {
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await h.close();
    },
  };
}

/**
 * axe-core on the page as it is: fails on any serious or critical violation (WCAG 2.1 A and AA rules
 * and best practices), listing each with its elements; then a full-page screenshot named `name`.
 */
export async function check(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(
    serious.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    [],
    `accessibility violations on ${name}`,
  );
}
