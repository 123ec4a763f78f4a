/**
 * The signed-in pages of buyers, suppliers and organisers, each group under its GroupPages. Editing a
 * need only asks for someone signed in: whether they may is the API's answer (403), shown by the page.
 */
import type { RouteObject } from "react-router";
import { AnyKindPages, GroupPages } from "./GroupPages";

const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({
  Component: (await load()).default,
});

export const signedInRoutes: RouteObject[] = [
  {
    path: "innkjoper",
    element: <GroupPages kind="buyer" />,
    children: [
      { index: true, lazy: page(() => import("../buyer/BuyerNeedsPage")) },
      { path: "behov/ny", lazy: page(() => import("../buyer/NeedFormPage")) },
      { path: "behov/:id", lazy: page(() => import("../buyer/NeedOverviewPage")) },
      { path: "leverandorer", lazy: page(() => import("../buyer/SupplierSearchPage")) },
      { path: "moter", lazy: page(() => import("../meetings/MeetingsPage")) },
    ],
  },
  {
    path: "innkjoper/behov/:id/rediger",
    element: <AnyKindPages />,
    children: [{ index: true, lazy: page(() => import("../buyer/NeedFormPage")) }],
  },
  {
    path: "leverandor",
    element: <GroupPages kind="supplier" />,
    children: [
      { index: true, lazy: page(() => import("../supplier/MatchesPage")) },
      { path: "profil", lazy: page(() => import("../supplier/ProfilePage")) },
      { path: "varsler", lazy: page(() => import("../supplier/AlertsPage")) },
      { path: "innboks", lazy: page(() => import("../supplier/InboxPage")) },
      { path: "moter", lazy: page(() => import("../meetings/MeetingsPage")) },
    ],
  },
  {
    path: "arrangor",
    element: <GroupPages kind="organiser" />,
    children: [
      { index: true, lazy: page(() => import("../organiser/OrganiserHomePage")) },
      { path: "konferanser/:id", lazy: page(() => import("../organiser/ConferenceAdminPage")) },
      { path: "konferanser/:id/moteplan", lazy: page(() => import("../organiser/SchedulePage")) },
    ],
  },
];
