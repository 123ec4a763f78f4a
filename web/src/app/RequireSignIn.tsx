/**
 * Wraps the signed-in pages (pages/{buyer,supplier,organiser}/): anonymous readers go to sign in and come
 * back; a signed-in person of another kind of organisation is told the page is not for them (the API
 * refuses the same with 403).
 */
import type { ReactNode } from "react";
import { Alert, Spinner } from "@digdir/designsystemet-react";
import { Navigate, useLocation } from "react-router";
import { useAuth, type SessionUser } from "../auth/auth";
import { useI18n } from "../i18n/i18n";

export function RequireSignIn({ kinds, children }: { kinds?: SessionUser["orgKind"][]; children: ReactNode }) {
  const { t } = useI18n();
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === "loading") return <Spinner aria-label={t("common.loading")} />;
  if (state.status === "anonymous")
    return <Navigate to={`/logg-inn?neste=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (kinds && !kinds.includes(state.user.orgKind)) return <Alert data-color="warning">{t("common.forbidden")}</Alert>;
  return <>{children}</>;
}
