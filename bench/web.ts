/**
 * Web benchmark: `npm run bench:web [-- --url http://127.0.0.1:3000 --runs 20]`. Against a running
 * Markedsdialog (`npm start`; the API serves the built web app at /), loads the first page in Debian's
 * Chromium, each run in a fresh browser context (a cold cache, as a first visit) and then once more in the
 * same context (a warm cache), and times from navigation start until the page is usable: the pipeline's
 * first bar is drawn from the API's answer (the page has fetched its data and rendered it). Also reports
 * DOMContentLoaded and the JavaScript and CSS bytes transferred. The target is "usable within 1 s on
 * loopback"; this prints the numbers, it does not fail on them. Bounded: `--runs` visits, each ≤ 30 s.
 */
import { parseArgs } from "node:util";
import { chromium, type BrowserContext } from "playwright-core";

const { values: args } = parseArgs({
  options: {
    url: { type: "string", default: "http://127.0.0.1:3000" },
    runs: { type: "string", default: "20" },
    chromium: { type: "string", default: process.env["CHROMIUM_PATH"] || "/usr/bin/chromium" },
  },
});
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 1 || RUNS > 500) throw new Error("--runs must be 1–500");
const log = (msg: string): void => void process.stderr.write(`[bench:web] ${msg}\n`);

interface Visit {
  usableMs: number;
  domContentLoadedMs: number;
  scriptBytes: number;
  styleBytes: number;
}

async function visit(context: BrowserContext): Promise<Visit> {
  const page = await context.newPage();
  let scriptBytes = 0;
  let styleBytes = 0;
  page.on("response", (res) => {
    const type = res.request().resourceType();
    const length = Number(res.headers()["content-length"] ?? 0);
    if (type === "script") scriptBytes += length;
    if (type === "stylesheet") styleBytes += length;
  });
  await page.goto(args.url, { waitUntil: "commit", timeout: 30_000 });
  await page.locator("svg.md-bars a, svg.md-bars g").first().waitFor({ timeout: 30_000 });
  // Both from the navigation's own start (performance.timeOrigin), measured inside the page.
  const timing = (await page.evaluate(`({
    usable: performance.now(),
    dcl: performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd ?? 0,
  })`)) as { usable: number; dcl: number };
  await page.close();
  return { usableMs: timing.usable, domContentLoadedMs: timing.dcl, scriptBytes, styleBytes };
}

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const row = (name: string, visits: Visit[]) => {
  const usable = visits.map((v) => v.usableMs);
  const dcl = visits.map((v) => v.domContentLoadedMs);
  const within = usable.filter((ms) => ms <= 1000).length;
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  return `| ${name} | ${visits.length} | ${Math.round(quantile(usable, 0.5))} | ${Math.round(quantile(usable, 0.95))} | ${Math.round(Math.max(...usable))} | ${Math.round(quantile(dcl, 0.5))} | ${within}/${visits.length} | ${kb(visits[0]!.scriptBytes)} / ${kb(visits[0]!.styleBytes)} |`;
};

const browser = await chromium.launch({ executablePath: args.chromium, args: ["--no-sandbox"] });
const cold: Visit[] = [];
const warm: Visit[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ locale: "nb-NO" });
    cold.push(await visit(context));
    warm.push(await visit(context));
    await context.close();
    log(
      `run ${i + 1}/${RUNS}: cold ${Math.round(cold.at(-1)!.usableMs)} ms, warm ${Math.round(warm.at(-1)!.usableMs)} ms`,
    );
  }
} finally {
  await browser.close();
}
console.log(`First page (${args.url}) usable: the pipeline's first bar drawn, from navigation start (ms)\n`);
console.log("| cache | visits | median | p95 | max | DOMContentLoaded median | within 1 s | JS / CSS transferred |");
console.log("|---|---|---|---|---|---|---|---|");
console.log(row("cold (first visit)", cold));
console.log(row("warm (hashed assets cached)", warm));
