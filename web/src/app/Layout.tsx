/** The frame of every page: skip link, header with menu, language switch and who is signed in, footer. */
import { useEffect, useRef } from "react";
import { Link as RouterLink, NavLink, Outlet, useLocation, useNavigation } from "react-router";
import { Button, SkipLink, Spinner } from "@digdir/designsystemet-react";
import { useAuth } from "../auth/auth";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/nb";

/** Where each kind of organisation's own pages start (pages/{buyer,supplier,organiser}). */
const OWN_PAGES = { buyer: "/innkjoper", supplier: "/leverandor", organiser: "/arrangor" } as const;

const MENU: { to: string; label: MessageKey; end?: boolean }[] = [
  { to: "/", label: "nav.pipeline", end: true },
  { to: "/kart", label: "nav.map" },
  { to: "/behov", label: "nav.search", end: true },
  { to: "/konferanser", label: "nav.conferences" },
];

export function Layout() {
  const { t, lang, setLang } = useI18n();
  const location = useLocation();
  const navigation = useNavigation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a navigation, focus goes to the new page (screen readers announce it), not stays on the link.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);
  return (
    <>
      <SkipLink href="#main">{t("skip.toMain")}</SkipLink>
      <header className="md-header">
        <div className="md-header__inner">
          <RouterLink to="/" className="md-brand">
            {t("app.name")}
          </RouterLink>
          <nav aria-label={t("nav.label")} className="md-nav">
            <ul>
              {MENU.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end}>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="md-header__tools">
            <Button
              variant="tertiary"
              data-size="sm"
              lang={lang === "nb" ? "en" : "nb"}
              aria-label={t("lang.switchLabel")}
              onClick={() => setLang(lang === "nb" ? "en" : "nb")}
            >
              {t("lang.switch")}
            </Button>
            <SignedIn />
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="md-main">
        {navigation.state === "loading" && <Spinner aria-label={t("common.loading")} data-size="sm" />}
        <Outlet />
      </main>
      <footer className="md-footer">
        <p>{t("footer.attribution")}</p>
        <p>
          <a href="/docs">{t("footer.api")}</a>
        </p>
      </footer>
    </>
  );
}

function SignedIn() {
  const { t } = useI18n();
  const { state, signOut } = useAuth();
  if (state.status === "loading") return null;
  if (state.status === "anonymous")
    return (
      <RouterLink to="/logg-inn" className="md-header__signin">
        {t("auth.signIn")}
      </RouterLink>
    );
  return (
    <>
      <RouterLink to={OWN_PAGES[state.user.orgKind]} className="md-header__signin">
        {t("nav.ownPages")}
      </RouterLink>
      <span className="md-header__user" data-testid="signed-in">
        {t("auth.signedInAs", { name: state.user.name, org: state.user.orgName })}
      </span>
      <Button variant="secondary" data-size="sm" onClick={() => void signOut()}>
        {t("auth.signOut")}
      </Button>
    </>
  );
}
