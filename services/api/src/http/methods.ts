import { Router, type RequestHandler } from "express";
import { sendProblem } from "./problem";

export interface KnownRoute {
  method: string;
  path: string;
}

interface RouteLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** The routes registered on a router with router.get/post/… (not its `use` middleware), under `prefix`. */
export function routesOf(router: Router, prefix = ""): KnownRoute[] {
  return (router.stack as RouteLayer[]).flatMap(({ route }) =>
    route
      ? [route.path]
          .flat()
          .flatMap((path) => Object.keys(route.methods).map((method) => ({ method, path: `${prefix}${path}` })))
      : [],
  );
}

/**
 * A known path asked with a method it does not take: 405 with `Allow` (OPTIONS: 204 with `Allow`). The first
 * pattern matching the path decides, in the order the routes were mounted, so `/needs/search` (GET only)
 * is not taken for `/needs/:id`; matching is express's own, so it agrees with the routes themselves.
 */
export function allowMethods(routes: KnownRoute[]): RequestHandler {
  const byPath = new Map<string, Set<string>>();
  for (const { method, path } of routes) {
    const methods = byPath.get(path) ?? new Set<string>();
    methods.add(method.toUpperCase());
    if (method.toUpperCase() === "GET") methods.add("HEAD");
    byPath.set(path, methods);
  }
  const router = Router();
  for (const [path, methods] of byPath) {
    const allow = [...methods].sort().join(", ");
    router.all(path, (req, res, next) => {
      if (methods.has(req.method)) return next("router");
      res.setHeader("Allow", allow);
      if (req.method === "OPTIONS") return void res.status(204).end();
      sendProblem(res, 405, "method-not-allowed", `${req.method} is not allowed here; use ${allow}`);
    });
  }
  return router;
}
