/** Find suppliers (/innkjoper/leverandorer): words, CPV codes and county, through GET /suppliers/search. */
import { Button, Heading, Paragraph, Spinner, Textfield } from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { useI18n } from "../../i18n/i18n";
import { CodePicker, type PickedCode } from "../signed-in/CodePicker";
import { RequestProblem } from "../signed-in/problems";

export default function SupplierSearchPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const cpv = params.getAll("cpv");
  const county = params.get("county") ?? "";
  const [text, setText] = useState(q);
  const [codes, setCodes] = useState<PickedCode[]>(cpv.map((code) => ({ code })));
  const [countyText, setCountyText] = useState(county);
  const searched = q || cpv.length || county;
  const result = useLoad(
    async () =>
      searched
        ? unwrap(
            api.GET("/api/v1/suppliers/search", {
              params: {
                query: {
                  ...(q && { q }),
                  ...(cpv.length && { cpv }),
                  ...(county && { county: [county] }),
                  limit: 20,
                },
              },
            }),
          )
        : undefined,
    params.toString(),
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    if (text.trim()) next.set("q", text.trim());
    for (const c of codes) next.append("cpv", c.code);
    if (countyText.trim()) next.set("county", countyText.trim());
    setParams(next);
  }
  return (
    <>
      <Heading level={1}>{t("flows.suppliers.title")}</Heading>
      <form role="search" className="mdf-form" onSubmit={submit}>
        <Textfield label={t("search.query")} value={text} onChange={(e) => setText(e.target.value)} />
        <CodePicker id="supplier-search-cpv" kind="cpv" legend={t("need.cpv")} value={codes} onChange={setCodes} />
        <Textfield
          label={t("flows.suppliers.county")}
          description={t("flows.need.countiesHint")}
          value={countyText}
          onChange={(e) => setCountyText(e.target.value)}
        />
        <div className="mdf-actions">
          <Button type="submit">{t("search.submit")}</Button>
        </div>
      </form>
      {result.loading && searched && <Spinner aria-label={t("common.loading")} />}
      <RequestProblem error={result.error} />
      {result.data && (
        <section aria-labelledby="supplier-hits">
          <Heading level={2} id="supplier-hits">
            {t("search.results", { total: result.data.total })}
          </Heading>
          <ul className="mdf-cards" data-testid="supplier-hits">
            {result.data.hits.map((hit) => (
              <li key={hit.id} className="mdf-card">
                <Heading level={3} data-size="xs">
                  {hit.name}
                </Heading>
                <Paragraph data-size="sm">
                  {hit.municipalityName} · {hit.capabilities}
                </Paragraph>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
