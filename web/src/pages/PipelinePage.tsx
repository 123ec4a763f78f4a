/** The front page: the announced needs added up, by buyer group (Follo's NOK 10 billion first), buyer, … */
import { Field, Heading, Label, Paragraph, Select, Spinner, Table, Alert } from "@digdir/designsystemet-react";
import { Link, useSearchParams } from "react-router";
import { api, unwrap, type Schemas } from "../api/client";
import { useLoad } from "../api/use-load";
import { BarChart } from "../components/BarChart";
import { formatNok, formatNokRange, formatNumber } from "../i18n/format";
import { useI18n } from "../i18n/i18n";
import { searchLinkFor } from "./pipeline-links";

type GroupBy = Schemas["Pipeline"]["groupBy"];
const GROUPS: GroupBy[] = ["group", "buyer", "county", "cpvDivision", "year"];
const CHART_ROWS = 15;

export function PipelinePage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const groupBy = GROUPS.find((g) => g === params.get("groupBy")) ?? "group";
  const pipeline = useLoad(() => unwrap(api.GET("/api/v1/pipeline", { params: { query: { groupBy } } })), groupBy);
  const data = pipeline.data;
  const rows = data ? [...data.items].sort((a, b) => b.valueMaxNok - a.valueMaxNok) : [];
  const groupName = t(`pipeline.group.${groupBy}`);
  return (
    <div className="md-stack">
      <Heading level={1} data-size="lg">
        {t("pipeline.title")}
      </Heading>
      <Paragraph className="md-lead">{t("pipeline.lead")}</Paragraph>
      <Field>
        <Label htmlFor="pipeline-group">{t("pipeline.groupBy")}</Label>
        <Select
          id="pipeline-group"
          width="auto"
          value={groupBy}
          onChange={(e) => setParams({ groupBy: e.target.value }, { replace: true })}
        >
          {GROUPS.map((g) => (
            <Select.Option key={g} value={g}>
              {t(`pipeline.group.${g}`)}
            </Select.Option>
          ))}
        </Select>
      </Field>
      {pipeline.error && <Alert data-color="danger">{t("common.error", { message: pipeline.error.message })}</Alert>}
      {!data && pipeline.loading && <Spinner aria-label={t("common.loading")} />}
      {data && (
        <section aria-labelledby="pipeline-chart" className="md-stack">
          <p className="md-total" id="pipeline-total">
            {t("pipeline.total", {
              value: formatNok(data.total.valueMaxNok, locale),
              count: formatNumber(data.total.count, locale),
            })}
          </p>
          <Heading level={2} data-size="sm" id="pipeline-chart">
            {t("pipeline.chartLabel", { group: groupName.toLowerCase() })}
          </Heading>
          <BarChart
            title={t("pipeline.chartLabel", { group: groupName.toLowerCase() })}
            bars={rows.slice(0, CHART_ROWS).map((row) => ({
              key: row.key,
              label: row.label,
              value: row.valueMaxNok,
              valueText: formatNok(row.valueMaxNok, locale),
              href: searchLinkFor(groupBy, row.key),
            }))}
          />
          <Paragraph>
            <Link to="/kart">{t("pipeline.mapLink")}</Link>
          </Paragraph>
          <Table zebra data-size="sm">
            <caption>{groupName}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("pipeline.col.name")}</Table.HeaderCell>
                <Table.HeaderCell>{t("pipeline.col.count")}</Table.HeaderCell>
                <Table.HeaderCell>{t("pipeline.col.value")}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {rows.map((row) => {
                const href = searchLinkFor(groupBy, row.key);
                return (
                  <Table.Row key={row.key}>
                    <Table.Cell>{href ? <Link to={href}>{row.label}</Link> : row.label}</Table.Cell>
                    <Table.Cell>{formatNumber(row.count, locale)}</Table.Cell>
                    <Table.Cell>
                      {formatNokRange(row.valueMinNok, row.valueMaxNok, locale)}
                      {row.withoutValue > 0 && ` (${row.withoutValue} ${t("common.noValue")})`}
                    </Table.Cell>
                  </Table.Row>
                );
              })}
            </Table.Body>
          </Table>
        </section>
      )}
    </div>
  );
}
