/** The need's timeline (dialogue, planned notice, contract) and its milestones, in date order. */
import { Heading, Link as DsLink, Paragraph } from "@digdir/designsystemet-react";
import type { Schemas } from "../../api/client";
import { formatDate, formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";

export function Timeline({ need }: { need: Schemas["Need"] }) {
  const { t, locale } = useI18n();
  const steps = (
    [
      ["need.timeline.dialogueOpens", need.timeline.dialogueOpens],
      ["need.timeline.plannedNotice", need.timeline.plannedNotice],
      ["need.timeline.contractStart", need.timeline.contractStart],
    ] as const
  ).filter((step): step is readonly [(typeof step)[0], string] => step[1] !== undefined);
  const milestones = [...need.milestones].sort((a, b) => a.date.localeCompare(b.date));
  return (
    <section aria-labelledby="need-timeline" className="md-stack">
      <Heading level={2} data-size="sm" id="need-timeline">
        {t("need.timeline")}
      </Heading>
      <ol className="md-timeline">
        {steps.map(([label, date]) => (
          <li key={label}>
            <strong>{t(label)}</strong>: <time dateTime={date}>{formatDate(date, locale)}</time>
          </li>
        ))}
      </ol>
      {need.timeline.durationMonths !== undefined && (
        <Paragraph>{t("need.timeline.duration", { months: need.timeline.durationMonths })}</Paragraph>
      )}
      <Heading level={3} data-size="xs">
        {t("need.milestones")}
      </Heading>
      {milestones.length === 0 ? (
        <Paragraph>{t("need.noMilestones")}</Paragraph>
      ) : (
        <ol className="md-timeline">
          {milestones.map((m, i) => (
            <li key={`${m.kind}-${m.date}-${i}`}>
              <strong>{m.title ?? t(`milestone.${m.kind}`)}</strong>:{" "}
              <time dateTime={m.date}>{formatDateTime(m.date, locale)}</time>
              {m.endDate && <> – {formatDateTime(m.endDate, locale)}</>}
              {m.location && <>, {m.location}</>}
              {m.url && (
                <>
                  {" "}
                  <DsLink href={m.url} rel="noopener noreferrer">
                    {m.url}
                  </DsLink>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
