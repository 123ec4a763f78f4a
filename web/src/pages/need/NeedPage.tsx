/** One need: facts, timeline and milestones, the change log since it was announced, linked conferences. */
import { Alert, Heading, Link as DsLink, Paragraph, Spinner, Tag } from "@digdir/designsystemet-react";
import { Link, useParams } from "react-router";
import { api, ApiError, unwrap } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { loadPlaces, placeNames } from "../../geo/places";
import { formatDate, formatNokRange } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import NotFoundPage from "../NotFoundPage";
import { ChangeLog } from "./ChangeLog";
import { Timeline } from "./Timeline";

async function loadNeed(id: string) {
  const [need, changes, conferences, places] = await Promise.all([
    unwrap(api.GET("/api/v1/needs/{id}", { params: { path: { id } } })),
    unwrap(api.GET("/api/v1/needs/{id}/changes", { params: { path: { id } } })),
    unwrap(api.GET("/api/v1/conferences", { params: { query: { limit: 100 } } })),
    loadPlaces().catch(() => undefined),
  ]);
  return { need, changes, conferences: conferences.items.filter((c) => c.needIds.includes(id)), places };
}

export default function NeedPage() {
  const { id = "" } = useParams();
  const { t, locale } = useI18n();
  const loaded = useLoad(() => loadNeed(id), id);
  if (loaded.error instanceof ApiError && loaded.error.status === 404) return <NotFoundPage />;
  if (loaded.error) return <Alert data-color="danger">{t("common.error", { message: loaded.error.message })}</Alert>;
  if (!loaded.data) return <Spinner aria-label={t("common.loading")} />;
  const { need, changes, conferences, places } = loaded.data;
  const names = places ? placeNames(places) : new Map<string, string>();
  const where = need.national
    ? t("common.national")
    : (need.municipalities.length ? need.municipalities : need.counties).map((n) => names.get(n) ?? n).join(", ");
  const value = formatNokRange(need.estimatedValueNok?.min, need.estimatedValueNok?.max, locale);
  return (
    <article className="md-stack">
      <Heading level={1} data-size="lg">
        {need.title}
      </Heading>
      <ul className="md-tags" aria-label={t("need.status")}>
        <li>
          <Tag data-color="info">{t(`status.${need.status}`)}</Tag>
        </li>
        <li>
          <Tag data-color="neutral">{t(`procedure.${need.procedure}`)}</Tag>
        </li>
      </ul>
      <dl className="md-facts">
        <dt>{t("need.buyer")}</dt>
        <dd>
          <Link to={`/behov?buyer=${need.buyer.id}`}>{need.buyer.name}</Link>
        </dd>
        <dt>{t("need.value")}</dt>
        <dd>{value ?? t("common.noValue")}</dd>
        <dt>{t("need.places")}</dt>
        <dd>{where}</dd>
        <dt>{t("need.cpv")}</dt>
        <dd>
          {need.cpvDetails
            .map((c) => `${c.code} ${(locale.startsWith("nb") ? c.labelNb : c.labelEn) ?? c.labelEn ?? ""}`)
            .join("; ")}
        </dd>
        {need.publishedAt && (
          <>
            <dt>{t("status.published")}</dt>
            <dd>{formatDate(need.publishedAt, locale)}</dd>
          </>
        )}
        {need.contact && (
          <>
            <dt>{t("need.contact")}</dt>
            <dd>
              {need.contact.name}, <DsLink href={`mailto:${need.contact.email}`}>{need.contact.email}</DsLink>
            </dd>
          </>
        )}
      </dl>
      {need.noticeUrl && (
        <Paragraph>
          <DsLink href={need.noticeUrl} rel="noopener noreferrer">
            {t("need.noticeUrl")}
          </DsLink>
        </Paragraph>
      )}
      <section aria-labelledby="need-challenge">
        <Heading level={2} data-size="sm" id="need-challenge">
          {t("need.challenge")}
        </Heading>
        <Paragraph className="md-prose">{need.challenge}</Paragraph>
        {need.description && (
          <>
            <Heading level={3} data-size="xs">
              {t("need.description")}
            </Heading>
            <Paragraph className="md-prose">{need.description}</Paragraph>
          </>
        )}
      </section>
      <Timeline need={need} />
      {conferences.length > 0 && (
        <section aria-labelledby="need-conferences">
          <Heading level={2} data-size="sm" id="need-conferences">
            {t("need.conference")}
          </Heading>
          <ul>
            {conferences.map((c) => (
              <li key={c.id}>
                <Link to={`/konferanser/${c.id}`}>{c.title}</Link> – {formatDate(c.startsAt, locale)}, {c.venue}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ChangeLog changes={changes.items} />
    </article>
  );
}
