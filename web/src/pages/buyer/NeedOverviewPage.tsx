/**
 * One of the buyer's needs (/innkjoper/behov/:id): the suppliers it matches, each with why, and the
 * notification record for equal treatment (who was told what, when, by which channel), with its CSV.
 */
import { Alert, Heading, Link, Paragraph, Spinner, Table, Tag } from "@digdir/designsystemet-react";
import { Link as RouterLink, useLocation, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { RequestProblem } from "../signed-in/problems";

export default function NeedOverviewPage() {
  const { id = "" } = useParams();
  const { t, locale } = useI18n();
  const location = useLocation();
  const saved = (location.state as { saved?: boolean } | null)?.saved;
  const loaded = useLoad(
    () =>
      Promise.all([
        unwrap(api.GET("/api/v1/needs/{id}", { params: { path: { id } } })),
        unwrap(api.GET("/api/v1/needs/{id}/matches", { params: { path: { id }, query: { limit: 50 } } })),
        unwrap(api.GET("/api/v1/needs/{id}/notifications", { params: { path: { id } } })),
      ]),
    id,
  );
  if (loaded.loading && !loaded.data) return <Spinner aria-label={t("common.loading")} />;
  if (loaded.error || !loaded.data)
    return (
      <>
        <Heading level={1}>{t("flows.need.overview")}</Heading>
        <RequestProblem error={loaded.error} />
      </>
    );
  const [need, matches, record] = loaded.data;
  return (
    <>
      <Heading level={1}>{need.title}</Heading>
      {saved && (
        <Alert data-color="success" data-testid="saved">
          {t("flows.need.saved")}
        </Alert>
      )}
      <Paragraph>
        <Tag>{t(`status.${need.status}`)}</Tag> {t("flows.need.version", { version: need.version })}{" "}
        <RouterLink to={`/innkjoper/behov/${id}/rediger`}>{t("flows.need.edit")}</RouterLink> ·{" "}
        <RouterLink to={`/behov/${id}`}>{t("flows.need.publicPage")}</RouterLink>
      </Paragraph>

      <section aria-labelledby="matches-heading">
        <Heading level={2} id="matches-heading">
          {t("flows.need.matches", { count: matches.total })}
        </Heading>
        {matches.items.length === 0 ? (
          <Paragraph>{t("flows.need.noMatches")}</Paragraph>
        ) : (
          <ul className="mdf-cards" data-testid="need-matches">
            {matches.items.map((m) => (
              <li key={m.supplier.id} className="mdf-card">
                <Heading level={3} data-size="xs">
                  {m.supplier.name ?? m.supplier.id}
                </Heading>
                <Paragraph data-size="sm">{t("flows.why", { explanation: m.explanation })}</Paragraph>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="record-heading">
        <Heading level={2} id="record-heading">
          {t("flows.need.record")}
        </Heading>
        <Paragraph>{t("flows.need.recordLead")}</Paragraph>
        <Paragraph>
          <Link href={`/api/v1/needs/${id}/notifications.csv`} download data-testid="record-csv">
            {t("flows.need.recordCsv")}
          </Link>
        </Paragraph>
        {record.versions.length > 0 && (
          <ul data-testid="record-versions">
            {record.versions.map((v) => (
              <li key={`${v.kind}-${v.needVersion}`}>
                {t("flows.need.recordVersion", {
                  version: v.needVersion,
                  kind: t(`flows.record.kind.${v.kind}`),
                  recipients: v.recipients,
                  sent: v.sent,
                })}
              </li>
            ))}
          </ul>
        )}
        {record.items.length === 0 ? (
          <Paragraph>{t("flows.need.recordEmpty")}</Paragraph>
        ) : (
          <Table data-testid="record-table">
            <caption>{t("flows.need.recordCaption")}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("flows.record.supplier")}</Table.HeaderCell>
                <Table.HeaderCell>{t("flows.record.channel")}</Table.HeaderCell>
                <Table.HeaderCell>{t("flows.record.version")}</Table.HeaderCell>
                <Table.HeaderCell>{t("flows.record.state")}</Table.HeaderCell>
                <Table.HeaderCell>{t("flows.record.at")}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {record.items.map((item, i) => (
                <Table.Row key={i}>
                  <Table.Cell>{item.supplierName ?? item.supplierId}</Table.Cell>
                  <Table.Cell>{t(`flows.record.channel.${item.channel}`)}</Table.Cell>
                  <Table.Cell>{item.needVersion}</Table.Cell>
                  <Table.Cell>{t(`flows.record.state.${item.state}`)}</Table.Cell>
                  <Table.Cell>{formatDateTime(item.sentAt ?? item.createdAt, locale)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </section>
    </>
  );
}
