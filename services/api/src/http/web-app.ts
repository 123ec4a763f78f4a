import { existsSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router, type RequestHandler } from "express";
import helmet from "helmet";

/** Where `npm run build -w web` puts the web app. */
export const WEB_DIST_DIR = fileURLToPath(new URL("../../../../web/dist", import.meta.url));

const SELF = ["'self'"];
const NOTHING = ["'none'"];

/**
 * The web app's policy: its scripts, styles, fonts, images and API calls from this origin only, nothing
 * inline (Vite writes none), no framing, forms only to this origin.
 */
export const webPolicy: RequestHandler = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: NOTHING,
    scriptSrc: SELF,
    styleSrc: SELF,
    imgSrc: [...SELF, "data:"],
    fontSrc: SELF,
    connectSrc: SELF,
    manifestSrc: SELF,
    frameAncestors: NOTHING,
    baseUri: NOTHING,
    formAction: SELF,
  },
});

const YEAR = "public, max-age=31536000, immutable";
const HOUR = "public, max-age=3600";

/**
 * The gzipped copy the build wrote beside a script, stylesheet or map file (`…js.gz`), for a browser that
 * takes gzip: the first page's JavaScript travels at about a third of its size.
 */
function precompressed(distDir: string): RequestHandler {
  return (req, res, next) => {
    if (!/\.(js|css|json|svg)$/.test(req.path) || !req.acceptsEncodings("gzip")) return next();
    const file = normalize(join(distDir, req.path));
    if (!file.startsWith(distDir) || !existsSync(`${file}.gz`)) return next();
    res.setHeader("Vary", "Accept-Encoding");
    res.setHeader("Content-Encoding", "gzip");
    res.setHeader("Cache-Control", req.path.startsWith("/assets/") ? YEAR : HOUR);
    res.type(extname(file));
    res.sendFile(`${file}.gz`, { cacheControl: false }, (error) => error && next(error));
  };
}

/** Paths the API owns: never answered with the web app, so their 404s stay problem+json. */
const API_PATHS = /^\/(api|docs|admin|metrics|healthz|readyz)(\/|$)/;

/**
 * Serves the built web app (web/dist) when there is one: hashed files under /assets for a year
 * (immutable, gzipped when the build wrote a .gz and the browser takes it), other files (the map's shapes, the icon) for an hour, and index.html, never cached, for every
 * other GET that is not the API's, so the app's own addresses (/behov/…) load it (SPA fallback). A path
 * with a file extension that is not there is left to the 404.
 */
export function webAppRouter(distDir = WEB_DIST_DIR): Router | undefined {
  const index = join(distDir, "index.html");
  if (!existsSync(index)) return undefined;
  const router = Router();
  router.use((req, _res, next) => (API_PATHS.test(req.path) ? next("router") : next()));
  router.use(webPolicy);
  router.use(precompressed(distDir));
  router.use(
    "/assets",
    express.static(join(distDir, "assets"), { immutable: true, maxAge: "365d", index: false, fallthrough: false }),
  );
  router.use(express.static(distDir, { index: false, maxAge: "1h" }));
  router.get(/^\/(?!.*\.\w+$).*/, (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(index);
  });
  return router;
}
