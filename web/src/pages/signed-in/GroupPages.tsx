/**
 * The frame of the signed-in pages of one kind of organisation: the app's RequireSignIn (anonymous readers
 * sign in and come back, other kinds are told the pages are not theirs), then the group's menu.
 * AnyKindPages asks only for a session: what the person may do there, the API answers (403 shown).
 */
import { NavLink, Outlet } from "react-router";
import { RequireSignIn } from "../../app/RequireSignIn";
import { useAuth, type SessionUser } from "../../auth/auth";
import { useI18n } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/nb";
import "./signed-in.css";

export type OrgKind = SessionUser["orgKind"];

const MENUS: Record<OrgKind, { to: string; label: MessageKey; end?: boolean }[]> = {
  buyer: [
    { to: "/innkjoper", label: "flows.nav.buyer.needs", end: true },
    { to: "/innkjoper/behov/ny", label: "flows.nav.buyer.newNeed" },
    { to: "/innkjoper/leverandorer", label: "flows.nav.buyer.suppliers" },
    { to: "/innkjoper/moter", label: "meetings.nav" },
  ],
  supplier: [
    { to: "/leverandor", label: "flows.nav.supplier.matches", end: true },
    { to: "/leverandor/profil", label: "flows.nav.supplier.profile" },
    { to: "/leverandor/varsler", label: "flows.nav.supplier.alerts" },
    { to: "/leverandor/innboks", label: "flows.nav.supplier.inbox" },
    { to: "/leverandor/moter", label: "flows.nav.supplier.meetings" },
  ],
  organiser: [{ to: "/arrangor", label: "flows.nav.organiser.conferences", end: true }],
};

export function GroupPages({ kind }: { kind: OrgKind }) {
  return (
    <RequireSignIn kinds={[kind]}>
      <GroupMenu kind={kind} />
      <Outlet />
    </RequireSignIn>
  );
}

export function AnyKindPages() {
  return (
    <RequireSignIn>
      <OwnMenu />
      <Outlet />
    </RequireSignIn>
  );
}

function OwnMenu() {
  const { user } = useAuth();
  return user ? <GroupMenu kind={user.orgKind} /> : null;
}

/** The menu of the pages of one kind of organisation. */
export function GroupMenu({ kind }: { kind: OrgKind }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t(`flows.nav.${kind}`)} className="mdf-subnav">
      <ul>
        {MENUS[kind].map((item) => (
          <li key={item.to}>
            <NavLink to={item.to} end={item.end}>
              {t(item.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The signed-in user; only under GroupPages or AnyKindPages. */
export function useUser(): SessionUser {
  const { user } = useAuth();
  if (!user) throw new Error("useUser outside GroupPages");
  return user;
}
