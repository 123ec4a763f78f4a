/** The search form: words, place, procedure (with facet counts), value, planned notice and distance. */
import { useEffect, useState, type FormEvent } from "react";
import { Button, Checkbox, Field, Fieldset, Label, Select, Textfield } from "@digdir/designsystemet-react";
import type { Schemas } from "../../api/client";
import type { Places } from "../../geo/places";
import { DateField } from "../../components/DateFields";
import { formatNumber } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { PROCEDURES, type SearchState } from "./search-query";

interface Props {
  state: SearchState;
  places: Places | undefined;
  facets: Schemas["NeedSearchResult"]["facets"] | undefined;
  onApply(state: SearchState): void;
}

const EMPTY: SearchState = {
  q: "",
  county: "",
  municipality: "",
  procedure: [],
  minValue: "",
  maxValue: "",
  from: "",
  to: "",
  near: "",
  radiusKm: "",
  buyer: "",
  group: "",
  cpv: "",
  page: 1,
};

export function SearchFilters({ state, places, facets, onApply }: Props) {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState(state);
  const stateKey = JSON.stringify(state);
  // The address changed (back button, a link): the form shows what is searched.
  useEffect(() => setDraft(JSON.parse(stateKey) as SearchState), [stateKey]);
  const set = (patch: Partial<SearchState>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ ...draft, page: 1 });
  };
  const municipalities = places?.municipalities.filter((m) => !draft.county || m.county === draft.county) ?? [];
  const count = (facet: Record<string, number> | undefined, key: string) =>
    facet?.[key] === undefined ? "" : ` (${formatNumber(facet[key], locale)})`;
  return (
    <form role="search" aria-label={t("search.title")} onSubmit={submit} className="md-stack">
      <Textfield
        label={t("search.query")}
        description={t("search.queryHint")}
        type="search"
        name="q"
        value={draft.q}
        onChange={(e) => set({ q: e.target.value })}
      />
      <Button type="submit">{t("search.submit")}</Button>
      <Fieldset>
        <Fieldset.Legend>{t("search.filters")}</Fieldset.Legend>
        <Field>
          <Label htmlFor="search-county">{t("search.county")}</Label>
          <Select
            id="search-county"
            value={draft.county}
            onChange={(e) => set({ county: e.target.value, municipality: "" })}
          >
            <Select.Option value="">{t("search.any")}</Select.Option>
            {places?.counties.map((c) => (
              <Select.Option key={c.id} value={c.id}>
                {c.name}
                {count(facets?.counties, c.id)}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="search-municipality">{t("search.municipality")}</Label>
          <Select
            id="search-municipality"
            value={draft.municipality}
            onChange={(e) => set({ municipality: e.target.value })}
          >
            <Select.Option value="">{t("search.any")}</Select.Option>
            {municipalities.map((m) => (
              <Select.Option key={m.id} value={m.id}>
                {m.name}
              </Select.Option>
            ))}
          </Select>
        </Field>
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t("search.procedure")}</Fieldset.Legend>
        {PROCEDURES.map((p) => (
          <Checkbox
            key={p}
            label={`${t(`procedure.${p}`)}${count(facets?.procedure, p)}`}
            value={p}
            checked={draft.procedure.includes(p)}
            onChange={(e) =>
              set({
                procedure: e.target.checked ? [...draft.procedure, p] : draft.procedure.filter((x) => x !== p),
              })
            }
          />
        ))}
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t("need.value")}</Fieldset.Legend>
        <Textfield
          label={t("search.minValue")}
          inputMode="numeric"
          value={draft.minValue}
          onChange={(e) => set({ minValue: e.target.value.replace(/[^\d]/g, "") })}
        />
        <Textfield
          label={t("search.maxValue")}
          inputMode="numeric"
          value={draft.maxValue}
          onChange={(e) => set({ maxValue: e.target.value.replace(/[^\d]/g, "") })}
        />
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t("need.timeline.plannedNotice")}</Fieldset.Legend>
        <DateField label={t("search.from")} value={draft.from} onChange={(from) => set({ from })} />
        <DateField label={t("search.to")} value={draft.to} onChange={(to) => set({ to })} />
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t("search.distance")}</Fieldset.Legend>
        <Field>
          <Label htmlFor="search-near">{t("search.near")}</Label>
          <Select id="search-near" value={draft.near} onChange={(e) => set({ near: e.target.value })}>
            <Select.Option value="">{t("search.any")}</Select.Option>
            {places?.municipalities.map((m) => (
              <Select.Option key={m.id} value={m.id}>
                {m.name}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Textfield
          label={t("search.radius")}
          inputMode="numeric"
          value={draft.radiusKm}
          onChange={(e) => set({ radiusKm: e.target.value.replace(/[^\d]/g, "") })}
        />
      </Fieldset>
      <Button type="submit">{t("search.submit")}</Button>
      <Button type="button" variant="secondary" onClick={() => onApply(EMPTY)}>
        {t("search.clear")}
      </Button>
    </form>
  );
}
