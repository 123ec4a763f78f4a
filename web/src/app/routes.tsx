/**
 * Every page and its address. Pages other than the first are loaded when visited (`lazy`), so the first
 * page's JavaScript stays small. Signed-in pages for buyers, suppliers and organisers go in
 * pages/{buyer,supplier,organiser}/ and are listed under `signedIn` below, e.g.
 *   { path: "leverandor/profil", lazy: signedInPage(["supplier"], () => import("../pages/supplier/ProfilePage")) }
 * which sends anonymous readers to sign in and back, and tells other kinds the page is not theirs.
 */
import type { RouteObject } from "react-router";
import type { SessionUser } from "../auth/auth";
import { Layout } from "./Layout";
import { RequireSignIn } from "./RequireSignIn";
import { RouteError } from "./RouteError";
import { PipelinePage } from "../pages/PipelinePage";
import { signedInRoutes } from "../pages/signed-in/routes";

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

/** A lazily loaded page only for signed-in people of the given kinds of organisation. */
export const signedInPage =
  (kinds: SessionUser["orgKind"][], load: () => Promise<{ default: React.ComponentType }>) => async () => {
    const Page = (await load()).default;
    return {
      Component: () => (
        <RequireSignIn kinds={kinds}>
          <Page />
        </RequireSignIn>
      ),
    };
  };

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
      { path: "invitasjon", lazy: page(() => import("../pages/InvitationPage")) },
      { path: "avmelding", lazy: page(() => import("../pages/UnsubscribePage")) },
      ...signedIn,
      { path: "*", lazy: page(() => import("../pages/NotFoundPage")) },
    ],
  },
];
