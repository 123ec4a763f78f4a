/**
 * Every page and its address. Pages other than the first are loaded when visited (`lazy`), so the first
 * page's JavaScript stays small. Signed-in pages for buyers, suppliers and organisers go in
 * pages/{buyer,supplier,organiser}/ and are listed under `signedIn` below, wrapped in RequireSignIn.
 */
import type { RouteObject } from "react-router";
import { Layout } from "./Layout";
import { RouteError } from "./RouteError";
import { PipelinePage } from "../pages/PipelinePage";
import { signedInRoutes } from "../pages/signed-in/routes";

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

const signedIn: RouteObject[] = signedInRoutes;

export const routes: RouteObject[] = [
  {
    Component: Layout,
    ErrorBoundary: RouteError,
    children: [
      { index: true, Component: PipelinePage },
      { path: "kart", lazy: page(() => import("../pages/MapPage")) },
      { path: "behov", lazy: page(() => import("../pages/search/SearchPage")) },
      { path: "behov/:id", lazy: page(() => import("../pages/need/NeedPage")) },
      { path: "konferanser", lazy: page(() => import("../pages/conference/ConferencesPage")) },
      { path: "konferanser/:id", lazy: page(() => import("../pages/conference/ConferencePage")) },
      { path: "logg-inn", lazy: page(() => import("../pages/SignInPage")) },
      ...signedIn,
      { path: "*", lazy: page(() => import("../pages/NotFoundPage")) },
    ],
  },
];
