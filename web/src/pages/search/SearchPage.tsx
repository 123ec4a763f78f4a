/** Needs search: free text, filters (place, procedure, value, dates, distance), facets and pages of hits. */
import { useState } from "react";
import { useSearchParams } from "react-router";
import { Alert, Heading, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { api, unwrap } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { loadPlaces, type Places } from "../../geo/places";
import { formatNumber } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { SearchFilters } from "./SearchFilters";
import { SearchHits } from "./SearchHits";
import { PAGE_SIZE, readState, writeState, type SearchState } from "./search-query";

const FACETS = ["procedure", "counties", "status"];
const OPEN_STATUSES = ["published", "in_dialogue", "tender_announced"] as const;
const list = (value: string) => (value ? value.split(",").filter(Boolean) : undefined);
const number = (value: string) => (value.trim() === "" || Number.isNaN(Number(value)) ? undefined : Number(value));

/** The API query for the page's state: a group becomes its member buyers, a municipality its point. */
async function search(state: SearchState, places: Places | undefined) {
  const members = state.group
    ? (await unwrap(api.GET("/api/v1/buyer-groups/{id}", { params: { path: { id: state.group } } }))).members
    : [];
  const near = places?.municipalities.find((m) => m.id === state.near);
  const radius = number(state.radiusKm);
  const buyers = [...(list(state.buyer) ?? []), ...members].slice(0, 50);
  return unwrap(
    api.GET("/api/v1/needs/search", {
      params: {
        query: {
          q: state.q || undefined,
          county: list(state.county),
          municipality: list(state.municipality),
          procedure: state.procedure.length ? state.procedure : undefined,
          buyer: buyers.length ? buyers : undefined,
          cpv: list(state.cpv),
          minValue: number(state.minValue),
          maxValue: number(state.maxValue),
          from: state.from || undefined,
          to: state.to || undefined,
          ...(near && { near: `${near.lat},${near.lon}`, sort: "distance" as const }),
          ...(near && radius !== undefined && { radiusKm: radius }),
          facets: FACETS,
          page: state.page,
          limit: PAGE_SIZE,
        },
      },
    }),
  );
}

export default function SearchPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const state = readState(params);
  const places = useLoad(loadPlaces, "places");
  const key = params.toString();
  const waitForPlaces = state.near !== "" && !places.data && !places.error;
  const result = useLoad(
    () => (waitForPlaces ? new Promise<never>(() => {}) : search(state, places.data)),
    `${key}|${waitForPlaces}`,
  );
  const [announce, setAnnounce] = useState("");
  const apply = (next: SearchState) => {
    setAnnounce("");
    setParams(writeState(next));
  };
  const data = result.data;
  return (
    <div className="md-stack">
      <Heading level={1} data-size="lg">
        {t("search.title")}
      </Heading>
      <div className="md-grid">
        <SearchFilters state={state} places={places.data} facets={data?.facets} onApply={apply} />
        <section aria-labelledby="search-results" className="md-stack">
          <Heading level={2} data-size="sm" id="search-results" aria-live="polite">
            {data ? t("search.results", { total: formatNumber(data.total, locale) }) : t("common.loading")}
          </Heading>
          {data?.facets.status && (
            <Paragraph data-size="sm" data-testid="status-facet">
              {t("search.facet.status")}:{" "}
              {OPEN_STATUSES.filter((status) => data.facets.status?.[status])
                .map((status) => `${t(`status.${status}`)} ${formatNumber(data.facets.status?.[status] ?? 0, locale)}`)
                .join(", ")}
            </Paragraph>
          )}
          {state.near && <Paragraph data-size="sm">{t("search.distanceHint")}</Paragraph>}
          {result.error && <Alert data-color="danger">{t("common.error", { message: result.error.message })}</Alert>}
          {!data && result.loading && <Spinner aria-label={t("common.loading")} />}
          {data && (
            <SearchHits
              result={data}
              onPage={(page) => {
                setAnnounce(t("search.page", { page, pages: Math.ceil(data.total / PAGE_SIZE) }));
                apply({ ...state, page });
              }}
            />
          )}
          <p className="md-visually-hidden" aria-live="polite">
            {announce}
          </p>
        </section>
      </div>
    </div>
  );
}
