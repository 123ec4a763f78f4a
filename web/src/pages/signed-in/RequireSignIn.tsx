/**
 * The frame of the signed-in pages of one kind of organisation: nobody signed in gets the sign-in link
 * (with the page to come back to), another kind is told the pages are not theirs; then the group's menu.
 */
import { Alert, Heading, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
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

/** Nobody signed in: the sign-in link, coming back here after. */
export function SignInFirst() {
  const { t } = useI18n();
  const location = useLocation();
  return (
    <>
      <Heading level={1}>{t("flows.signInNeeded")}</Heading>
      <Paragraph>
        <Link to={`/logg-inn?neste=${encodeURIComponent(location.pathname + location.search)}`}>
          {t("auth.signIn")}
        </Link>
      </Paragraph>
    </>
  );
}

export function RequireSignIn({ kind }: { kind: OrgKind }) {
  const { t } = useI18n();
  const { state } = useAuth();
  if (state.status === "loading") return <Spinner aria-label={t("common.loading")} />;
  if (state.status === "anonymous") return <SignInFirst />;
  if (state.user.orgKind !== kind)
    return (
      <>
        <Heading level={1}>{t("flows.forbidden.title")}</Heading>
        <Alert data-color="warning">{t("flows.wrongKind", { kind: t(`flows.kind.${kind}`) })}</Alert>
      </>
    );
  return (
    <>
      <GroupMenu kind={kind} />
      <Outlet />
    </>
  );
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

/** The signed-in user; only under RequireSignIn. */
export function useUser(): SessionUser {
  const { user } = useAuth();
  if (!user) throw new Error("useUser outside RequireSignIn");
  return user;
}
