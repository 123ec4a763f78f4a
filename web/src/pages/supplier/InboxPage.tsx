/** The supplier's inbox (/leverandor/innboks): alerts about needs, newest first, the unread count, marking read. */
import { Badge, Button, Heading, Paragraph, Spinner, Switch } from "@digdir/designsystemet-react";
import { useState } from "react";
import { Link as RouterLink } from "react-router";
import { api, unwrap } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { RequestProblem } from "../signed-in/problems";

export default function InboxPage() {
  const { t, locale } = useI18n();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useLoad(
    () => unwrap(api.GET("/api/v1/inbox", { params: { query: unreadOnly ? { unread: "true" } : {} } })),
    String(unreadOnly),
  );
  const [error, setError] = useState<unknown>();
  async function markRead(id: string) {
    setError(undefined);
    try {
      await unwrap(api.POST("/api/v1/inbox/{id}/read", { params: { path: { id } } }));
      inbox.reload();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <>
      <Heading level={1}>
        {t("flows.inbox.title")} {inbox.data && <Badge data-testid="unread" count={inbox.data.unread} aria-hidden />}
      </Heading>
      {inbox.data && (
        <Paragraph data-testid="unread-text">{t("flows.inbox.unread", { count: inbox.data.unread })}</Paragraph>
      )}
      <Switch
        label={t("flows.inbox.unreadOnly")}
        checked={unreadOnly}
        onChange={(e) => setUnreadOnly(e.target.checked)}
      />
      {inbox.loading && !inbox.data && <Spinner aria-label={t("common.loading")} />}
      <RequestProblem error={inbox.error ?? error} />
      {inbox.data && inbox.data.items.length === 0 && <Paragraph>{t("flows.inbox.none")}</Paragraph>}
      {inbox.data && inbox.data.items.length > 0 && (
        <ul className="mdf-cards" data-testid="inbox">
          {inbox.data.items.map((item) => (
            <li key={item.id} className={item.read ? "mdf-card" : "mdf-card mdf-card--unread"}>
              <Heading level={2} data-size="xs">
                <RouterLink to={`/behov/${item.needId}`}>{item.title}</RouterLink>
              </Heading>
              <Paragraph data-size="sm">
                {t(`flows.inbox.kind.${item.kind}`)} · {item.buyerName} · {formatDateTime(item.createdAt, locale)}
                {!item.read && ` · ${t("flows.inbox.new")}`}
              </Paragraph>
              <Paragraph data-size="sm">{item.summary}</Paragraph>
              {!item.read && (
                <Button variant="secondary" data-size="sm" onClick={() => void markRead(item.id)}>
                  {t("flows.inbox.markRead", { title: item.title })}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
