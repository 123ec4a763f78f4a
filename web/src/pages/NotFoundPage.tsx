import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { Link } from "react-router";
import { useI18n } from "../i18n/i18n";

export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div className="md-stack">
      <Heading level={1}>{t("common.notFound")}</Heading>
      <Paragraph>{t("common.notFoundText")}</Paragraph>
      <Paragraph>
        <Link to="/">{t("common.backHome")}</Link>
      </Paragraph>
    </div>
  );
}
