/** Pages any signed-in person may open; what they may do there the API decides (and the page shows). */
import { Spinner } from "@digdir/designsystemet-react";
import { Outlet } from "react-router";
import { useAuth } from "../../auth/auth";
import { useI18n } from "../../i18n/i18n";
import { GroupMenu, SignInFirst } from "./RequireSignIn";

export function SignedInOnly() {
  const { t } = useI18n();
  const { state } = useAuth();
  if (state.status === "loading") return <Spinner aria-label={t("common.loading")} />;
  if (state.status === "anonymous") return <SignInFirst />;
  return (
    <>
      <GroupMenu kind={state.user.orgKind} />
      <Outlet />
    </>
  );
}
