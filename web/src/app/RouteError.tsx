import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { Link, useRouteError } from "react-router";
import { useI18n } from "../i18n/i18n";

/** What a page shows when it fails to load or render. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useI18n();
  return (
    <main id="main" className="md-main">
      <Heading level={1}>{t("common.error", { message: error instanceof Error ? error.message : "" })}</Heading>
      <Paragraph>
        <Link to="/">{t("common.backHome")}</Link>
      </Paragraph>
    </main>
  );
}
