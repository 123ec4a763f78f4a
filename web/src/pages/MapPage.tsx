/**
 * The map: counties coloured by the pipeline's estimated value (GET /pipeline?groupBy=county), or
 * municipalities by their number of open needs (the search's municipality facet: the pipeline has no
 * municipality grouping). Every area links to the search page filtered to it; the list below says the same.
 */
import { Alert, Heading, Paragraph, Spinner, Table, ToggleGroup } from "@digdir/designsystemet-react";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../api/client";
import { useLoad } from "../api/use-load";
import { colourClass, MAP_COLOURS, NO_VALUE_COLOUR, NorwayMap } from "../components/NorwayMap";
import { loadShapes } from "../geo/places";
import { formatNok, formatNumber } from "../i18n/format";
import { useI18n } from "../i18n/i18n";

type Level = "county" | "municipality";

async function loadLevel(level: Level) {
  const shapes = await loadShapes(level);
  if (level === "county") {
    const pipeline = await unwrap(api.GET("/api/v1/pipeline", { params: { query: { groupBy: "county" } } }));
    return { shapes, values: new Map(pipeline.items.map((row) => [row.key, row.valueMaxNok])), kind: "value" as const };
  }
  const found = await unwrap(
    api.GET("/api/v1/needs/search", { params: { query: { facets: ["municipalities"], limit: 1 } } }),
  );
  return { shapes, values: new Map(Object.entries(found.facets.municipalities ?? {})), kind: "count" as const };
}

export default function MapPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const level: Level = params.get("niva") === "kommune" ? "municipality" : "county";
  const loaded = useLoad(() => loadLevel(level), level);
  const data = loaded.data;
  const show = (value: number | undefined) =>
    value === undefined
      ? t("map.none")
      : data?.kind === "value"
        ? formatNok(value, locale)
        : t("common.needs", { count: formatNumber(value, locale) });
  const href = (id: string) => (level === "county" ? `/behov?county=${id}` : `/behov?municipality=${id}`);
  const max = data ? Math.max(0, ...data.values.values()) : 0;
  const listed = data ? data.shapes.areas.filter((a) => data.values.has(a.id)) : [];
  listed.sort((a, b) => (data?.values.get(b.id) ?? 0) - (data?.values.get(a.id) ?? 0));
  return (
    <div className="md-stack">
      <Heading level={1} data-size="lg">
        {t("map.title")}
      </Heading>
      <Paragraph className="md-lead">{t("map.lead")}</Paragraph>
      <ToggleGroup
        aria-label={t("map.level")}
        value={level}
        onChange={(value) => setParams(value === "municipality" ? { niva: "kommune" } : {}, { replace: true })}
      >
        <ToggleGroup.Item value="county">{t("map.level.county")}</ToggleGroup.Item>
        <ToggleGroup.Item value="municipality">{t("map.level.municipality")}</ToggleGroup.Item>
      </ToggleGroup>
      {loaded.error && <Alert data-color="danger">{t("common.error", { message: loaded.error.message })}</Alert>}
      {!data && loaded.loading && <Spinner aria-label={t("map.loading")} />}
      {data && (
        <>
          <ul className="md-legend" aria-label={t("map.legend")}>
            <li>
              <span className="md-swatch" style={{ background: NO_VALUE_COLOUR }} aria-hidden="true" />
              {t("map.none")}
            </li>
            {MAP_COLOURS.map((colour, i) => {
              const upTo = listed.filter((a) => colourClass(data.values.get(a.id) ?? 0, max) === i);
              if (upTo.length === 0) return null;
              const top = Math.max(...upTo.map((a) => data.values.get(a.id) ?? 0));
              return (
                <li key={colour}>
                  <span className="md-swatch" style={{ background: colour }} aria-hidden="true" />≤ {show(top)}
                </li>
              );
            })}
          </ul>
          <div className="md-map">
            <NorwayMap
              shapes={data.shapes}
              values={data.values}
              title={t("map.title")}
              href={href}
              describe={(id, name) => t("map.area", { name, value: show(data.values.get(id)) })}
            />
          </div>
          <Table data-size="sm" zebra>
            <caption>{t("map.list")}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("pipeline.col.name")}</Table.HeaderCell>
                <Table.HeaderCell>{data.kind === "value" ? t("need.value") : t("pipeline.col.count")}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {listed.map((area) => (
                <Table.Row key={area.id}>
                  <Table.Cell>
                    <Link to={href(area.id)}>{area.name}</Link>
                  </Table.Cell>
                  <Table.Cell>{show(data.values.get(area.id))}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </>
      )}
    </div>
  );
}
