/**
 * Picks CPV or industry (NACE) codes by searching the real code lists in Norwegian
 * (GET /api/v1/reference/cpv|nace): type words or the start of a code, add a result, remove a chosen one.
 * The chosen codes are shown with their names; a problem at the field (or at one code) is shown under it.
 */
import { Button, Chip, Fieldset, Paragraph, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useEffect, useState, type ReactNode } from "react";
import { api, unwrap } from "../../api/client";
import { useI18n } from "../../i18n/i18n";

export interface PickedCode {
  code: string;
  label?: string;
}

interface Props {
  id: string;
  kind: "cpv" | "nace";
  legend: string;
  value: PickedCode[];
  onChange(next: PickedCode[]): void;
  error?: ReactNode;
}

export function CodePicker({ id, kind, legend, value, onChange, error }: Props) {
  const { t, lang } = useI18n();
  const [query, setQuery] = useState("");
  const [hits, setHits] = useState<{ code: string; labelNb: string; labelEn?: string }[]>([]);
  const [answered, setAnswered] = useState("");
  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) return setHits([]);
    let current = true;
    const timer = setTimeout(() => {
      const path = kind === "cpv" ? "/api/v1/reference/cpv" : "/api/v1/reference/nace";
      void unwrap(api.GET(path, { params: { query: { q, limit: 8 } } })).then(
        (answer) => {
          if (!current) return;
          setHits(answer.items);
          setAnswered(q);
        },
        () => current && setHits([]),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, kind]);
  const chosen = new Set(value.map((v) => v.code));
  const label = (h: { labelNb: string; labelEn?: string }) => (lang === "en" && h.labelEn ? h.labelEn : h.labelNb);
  return (
    <Fieldset id={id} data-testid={`picker-${kind}`}>
      <Fieldset.Legend>{legend}</Fieldset.Legend>
      {value.length > 0 && (
        <ul className="mdf-chips" aria-label={t("flows.picker.chosen")}>
          {value.map((v) => {
            const text = v.label ? `${v.code} ${v.label}` : v.code;
            return (
              <li key={v.code}>
                <Chip.Removable
                  aria-label={t("flows.picker.remove", { code: text })}
                  onClick={() => onChange(value.filter((x) => x.code !== v.code))}
                >
                  {text}
                </Chip.Removable>
              </li>
            );
          })}
        </ul>
      )}
      <Textfield
        label={t(kind === "cpv" ? "flows.picker.searchCpv" : "flows.picker.searchNace")}
        description={t("flows.picker.hint")}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        autoComplete="off"
      />
      {hits.length > 0 && (
        <ul className="mdf-picker-hits" aria-label={t("flows.picker.hits")} aria-live="polite">
          {hits.map((h) => (
            <li key={h.code}>
              <Button
                variant="tertiary"
                data-size="sm"
                disabled={chosen.has(h.code)}
                onClick={() => {
                  onChange([...value, { code: h.code, label: label(h) }]);
                  setQuery("");
                }}
              >
                {t("flows.picker.add", { code: h.code, label: label(h) })}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {query.trim().length >= 2 && answered === query.trim() && hits.length === 0 && (
        <Paragraph data-size="sm">{t("flows.picker.none")}</Paragraph>
      )}
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </Fieldset>
  );
}
