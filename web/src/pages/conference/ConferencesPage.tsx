/** The published conferences, soonest first. */
import { Alert, Card, Heading, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";

export default function ConferencesPage() {
  const { t, locale } = useI18n();
  const list = useLoad(() => unwrap(api.GET("/api/v1/conferences", { params: { query: { limit: 100 } } })), "all");
  const items = [...(list.data?.items ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <div className="md-stack">
      <Heading level={1} data-size="lg">
        {t("conferences.title")}
      </Heading>
      {list.error && <Alert data-color="danger">{t("common.error", { message: list.error.message })}</Alert>}
      {list.loading && !list.data && <Spinner aria-label={t("common.loading")} />}
      {list.data && items.length === 0 && <Paragraph>{t("conferences.none")}</Paragraph>}
      <ul className="md-hits">
        {items.map((c) => (
          <li key={c.id}>
            <Card data-color="neutral">
              <Heading level={2} data-size="xs">
                <Link to={`/konferanser/${c.id}`}>{c.title}</Link>
              </Heading>
              <div className="md-meta">
                <span>{formatDateTime(c.startsAt, locale)}</span>
                <span>{c.venue}</span>
                <span>{c.organizerName}</span>
                <span>{t("conference.seats", { left: c.seatsLeft, capacity: c.capacity })}</span>
              </div>
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}
