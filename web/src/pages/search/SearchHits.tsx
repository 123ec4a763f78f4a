/** One page of needs found, each with its buyer, value, planned notice, places and distance. */
import { Button, Card, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { Link } from "react-router";
import type { Schemas } from "../../api/client";
import { formatDate, formatNokRange, formatNumber } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { PAGE_SIZE } from "./search-query";

interface Props {
  result: Schemas["NeedSearchResult"];
  onPage(page: number): void;
}

export function SearchHits({ result, onPage }: Props) {
  const { t, locale } = useI18n();
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  if (result.hits.length === 0) return <Paragraph>{t("search.noResults")}</Paragraph>;
  return (
    <>
      <ol className="md-hits" aria-labelledby="search-results">
        {result.hits.map((hit) => {
          const where = hit.national
            ? t("common.national")
            : (hit.municipalityNames.length ? hit.municipalityNames : hit.countyNames).join(", ");
          const value = formatNokRange(hit.valueMin, hit.valueMax, locale);
          return (
            <li key={hit.id}>
              <Card data-color="neutral">
                <Heading level={3} data-size="xs">
                  <Link to={`/behov/${hit.id}`}>{hit.title}</Link>
                </Heading>
                <div className="md-meta">
                  <span>{hit.buyerName}</span>
                  {value && <span>{value}</span>}
                  {hit.plannedNotice !== undefined && (
                    <span>{t("search.plannedNotice", { date: formatDate(hit.plannedNotice, locale) })}</span>
                  )}
                  <span>{where}</span>
                  {hit._distanceKm !== undefined && (
                    <span>{t("search.distanceKm", { km: formatNumber(Math.round(hit._distanceKm), locale) })}</span>
                  )}
                </div>
                <ul className="md-tags" aria-label={t("need.status")}>
                  <li>
                    <Tag data-color="info">{t(`status.${hit.status}`)}</Tag>
                  </li>
                  <li>
                    <Tag data-color="neutral">{t(`procedure.${hit.procedure}`)}</Tag>
                  </li>
                  {hit.smeSuitable && (
                    <li>
                      <Tag data-color="success">{t("search.smeSuitable")}</Tag>
                    </li>
                  )}
                  {hit.innovation && (
                    <li>
                      <Tag data-color="accent">{t("search.innovation")}</Tag>
                    </li>
                  )}
                  {hit.sustainability && (
                    <li>
                      <Tag data-color="success">{t("search.sustainability")}</Tag>
                    </li>
                  )}
                </ul>
              </Card>
            </li>
          );
        })}
      </ol>
      {pages > 1 && (
        <nav aria-label={t("search.page", { page: result.page, pages })} className="md-row">
          <Button variant="secondary" disabled={result.page <= 1} onClick={() => onPage(result.page - 1)}>
            {t("search.previous")}
          </Button>
          <span>{t("search.page", { page: result.page, pages })}</span>
          <Button variant="secondary" disabled={result.page >= pages} onClick={() => onPage(result.page + 1)}>
            {t("search.next")}
          </Button>
        </nav>
      )}
    </>
  );
}
