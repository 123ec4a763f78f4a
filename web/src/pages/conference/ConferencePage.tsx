/** One conference: when and where, the programme and sessions, the needs on its agenda, registration. */
import { Alert, Heading, Paragraph, Spinner, Table } from "@digdir/designsystemet-react";
import { Link, useParams } from "react-router";
import { api, ApiError, unwrap } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { formatDateTime, formatTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import NotFoundPage from "../NotFoundPage";
import { Registration } from "./Registration";

async function loadConference(id: string) {
  const conference = await unwrap(api.GET("/api/v1/conferences/{id}", { params: { path: { id } } }));
  const needs = await Promise.all(
    conference.needIds.map((needId) =>
      unwrap(api.GET("/api/v1/needs/{id}", { params: { path: { id: needId } } })).catch(() => undefined),
    ),
  );
  return { conference, needs: needs.filter((n) => n !== undefined) };
}

export default function ConferencePage() {
  const { id = "" } = useParams();
  const { t, locale } = useI18n();
  const loaded = useLoad(() => loadConference(id), id);
  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFoundPage />;
  if (loaded.error) return <Alert data-color="danger">{t("common.error", { message: loaded.error.message })}</Alert>;
  if (!loaded.data) return <Spinner aria-label={t("common.loading")} />;
  const { conference: c, needs } = loaded.data;
  const programme = [...c.programme].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <article className="md-stack">
      <Heading level={1} data-size="lg">
        {c.title}
      </Heading>
      {c.description && <Paragraph className="md-prose">{c.description}</Paragraph>}
      <dl className="md-facts">
        <dt>{t("conference.when")}</dt>
        <dd>
          {formatDateTime(c.startsAt, locale)} – {formatDateTime(c.endsAt, locale)}
        </dd>
        <dt>{t("conference.where")}</dt>
        <dd>{[c.venue, c.address].filter(Boolean).join(", ")}</dd>
        <dt>{t("conference.organizer")}</dt>
        <dd>{c.organizerName}</dd>
      </dl>
      <Paragraph>
        {t("conference.seats", { left: c.seatsLeft, capacity: c.capacity })}.{" "}
        {t("conference.deadline", { date: formatDateTime(c.registrationDeadline, locale) })}.
      </Paragraph>
      {programme.length > 0 && (
        <Table data-size="sm">
          <caption>{t("conference.programme")}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t("conference.when")}</Table.HeaderCell>
              <Table.HeaderCell>{t("conference.programme")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {programme.map((item, i) => (
              <Table.Row key={`${item.startsAt}-${i}`}>
                <Table.Cell>
                  {formatTime(item.startsAt, locale)}
                  {item.endsAt && `–${formatTime(item.endsAt, locale)}`}
                </Table.Cell>
                <Table.Cell>
                  <strong>{item.title}</strong>
                  {item.speaker && ` · ${item.speaker}`}
                  {item.description && <div>{item.description}</div>}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      {c.sessions.length > 0 && (
        <section aria-labelledby="conference-sessions">
          <Heading level={2} data-size="sm" id="conference-sessions">
            {t("conference.sessions")}
          </Heading>
          <ol>
            {c.sessions.map((s, i) => (
              <li key={`${s.startsAt}-${i}`}>
                {s.title}: {formatDateTime(s.startsAt, locale)}–{formatTime(s.endsAt, locale)}
                {s.venue && `, ${s.venue}`}
              </li>
            ))}
          </ol>
        </section>
      )}
      {needs.length > 0 && (
        <section aria-labelledby="conference-needs">
          <Heading level={2} data-size="sm" id="conference-needs">
            {t("conference.needs")}
          </Heading>
          <ul>
            {needs.map((n) => (
              <li key={n.id}>
                <Link to={`/behov/${n.id}`}>{n.title}</Link> ({n.buyer.name})
              </li>
            ))}
          </ul>
        </section>
      )}
      <Registration conference={c} />
    </article>
  );
}
