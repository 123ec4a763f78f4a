/** The buyer's own needs (/innkjoper), drafts included, newest first, each linked to its matches and record. */
import { Heading, Paragraph, Spinner, Table, Tag } from "@digdir/designsystemet-react";
import { Link as RouterLink } from "react-router";
import { api, unwrap } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { formatNokRange } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { RequestProblem } from "../signed-in/problems";
import { useUser } from "../signed-in/GroupPages";

export default function BuyerNeedsPage() {
  const { t, locale } = useI18n();
  const user = useUser();
  const needs = useLoad(
    () =>
      unwrap(
        api.GET("/api/v1/needs", {
          params: {
            query: {
              buyer: user.orgId,
              status: ["draft", "published", "in_dialogue", "tender_announced", "awarded", "cancelled"],
              limit: 100,
            },
          },
        }),
      ),
    user.orgId,
  );
  return (
    <>
      <Heading level={1}>{t("flows.buyer.title", { org: user.orgName })}</Heading>
      <Paragraph>
        <RouterLink to="/innkjoper/behov/ny">{t("flows.nav.buyer.newNeed")}</RouterLink>
      </Paragraph>
      {needs.loading && <Spinner aria-label={t("common.loading")} />}
      <RequestProblem error={needs.error} />
      {needs.data && needs.data.items.length === 0 && <Paragraph>{t("flows.buyer.none")}</Paragraph>}
      {needs.data && needs.data.items.length > 0 && (
        <Table>
          <caption>{t("flows.buyer.caption", { count: needs.data.total })}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t("flows.buyer.col.title")}</Table.HeaderCell>
              <Table.HeaderCell>{t("need.status")}</Table.HeaderCell>
              <Table.HeaderCell>{t("need.value")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {needs.data.items.map((n) => (
              <Table.Row key={n.id}>
                <Table.Cell>
                  <RouterLink to={`/innkjoper/behov/${n.id}`}>{n.title}</RouterLink>
                </Table.Cell>
                <Table.Cell>
                  <Tag>{t(`status.${n.status}`)}</Tag>
                </Table.Cell>
                <Table.Cell>
                  {formatNokRange(n.estimatedValueNok?.min, n.estimatedValueNok?.max, locale) ?? t("common.noValue")}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </>
  );
}
