/** The needs matched to the supplier (/leverandor), each with the explanation of why it matched. */
import { Heading, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { Link as RouterLink } from "react-router";
import { api, unwrap } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { formatNokRange } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { RequestProblem } from "../signed-in/problems";
import { useUser } from "../signed-in/GroupPages";

export default function MatchesPage() {
  const { t, locale } = useI18n();
  const user = useUser();
  const matches = useLoad(
    () =>
      unwrap(
        api.GET("/api/v1/suppliers/{orgId}/matches", { params: { path: { orgId: user.orgId }, query: { limit: 50 } } }),
      ),
    user.orgId,
  );
  return (
    <>
      <Heading level={1}>{t("flows.matches.title", { org: user.orgName })}</Heading>
      {matches.loading && <Spinner aria-label={t("common.loading")} />}
      <RequestProblem error={matches.error} />
      {matches.data && (
        <>
          <Paragraph>{t("flows.matches.count", { count: matches.data.total })}</Paragraph>
          <ul className="mdf-cards" data-testid="supplier-matches">
            {matches.data.items.map((m) => (
              <li key={m.need.id} className="mdf-card">
                <Heading level={2} data-size="xs">
                  <RouterLink to={`/behov/${m.need.id}`}>{m.need.title}</RouterLink>
                </Heading>
                <Paragraph data-size="sm">
                  {m.need.buyer.name} ·{" "}
                  {formatNokRange(m.need.estimatedValueNok?.min, m.need.estimatedValueNok?.max, locale) ??
                    t("common.noValue")}
                </Paragraph>
                <Paragraph data-size="sm">{t("flows.why", { explanation: m.explanation })}</Paragraph>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
