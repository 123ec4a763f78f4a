/** What changed after the need was announced: each logged write, its fields from → to, newest first. */
import { Heading, Paragraph } from "@digdir/designsystemet-react";
import type { Schemas } from "../../api/client";
import { formatDateTime, formatNokRange, formatNumber } from "../../i18n/format";
import { useI18n, type Translate } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/nb";

type Change = Schemas["NeedChange"];

const FIELDS = new Set([
  "title",
  "challenge",
  "description",
  "cpv",
  "estimatedValueNok",
  "municipalities",
  "counties",
  "procedure",
  "timeline",
  "milestones",
  "noticeUrl",
  "contact",
  "status",
]);
const fieldName = (field: string, t: Translate) => (FIELDS.has(field) ? t(`field.${field}` as MessageKey) : field);

/** A changed value as text: amounts in the reader's form, lists and objects shortened. */
function show(value: unknown, locale: string, field?: string): string {
  if (field === "estimatedValueNok" && value && typeof value === "object") {
    const range = value as { min?: number; max?: number };
    return formatNokRange(range.min, range.max, locale) ?? "–";
  }
  if (value === null || value === undefined) return "–";
  if (typeof value === "number") return formatNumber(value, locale);
  if (typeof value === "string") return value.length > 120 ? `${value.slice(0, 119)}…` : value;
  if (Array.isArray(value)) return value.map((v) => show(v, locale)).join(", ");
  if (typeof value === "object")
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${show(v, locale)}`)
      .join(", ");
  return String(value);
}

export function ChangeLog({ changes }: { changes: Change[] }) {
  const { t, locale } = useI18n();
  const items = [...changes].reverse();
  return (
    <section aria-labelledby="need-changes" className="md-stack">
      <Heading level={2} data-size="sm" id="need-changes">
        {t("need.changes")}
      </Heading>
      {items.length === 0 ? (
        <Paragraph>{t("need.noChanges")}</Paragraph>
      ) : (
        <ol className="md-timeline" data-testid="change-log">
          {items.map((c, i) => (
            <li key={`${c.at}-${i}`}>
              <strong>
                <time dateTime={c.at}>{formatDateTime(c.at, locale)}</time>
                {c.version !== undefined && <> · {t("need.change.version", { version: c.version })}</>}
                {c.actor.name && <> · {c.actor.name}</>}
              </strong>
              <ul>
                {c.kind === "status" && c.fromStatus && c.toStatus && (
                  <li>
                    {t("need.change.status", {
                      from: t(`status.${c.fromStatus}`),
                      to: t(`status.${c.toStatus}`),
                    })}
                  </li>
                )}
                {(c.changes ?? [])
                  .filter((f) => !(c.kind === "status" && f.field === "status"))
                  .map((f) => (
                    <li key={f.field}>
                      {t("need.change.field", {
                        field: fieldName(f.field, t),
                        from: show(f.from, locale, f.field),
                        to: show(f.to, locale, f.field),
                      })}
                    </li>
                  ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
