/**
 * What suppliers are told of one need version. The shared part (`NoticeContent`) is computed once per
 * version and stored with its outbox event, so every recipient gets the same words; only the greeting and
 * the personal links (unsubscribe) differ. `contentHash` is over the shared part: the equality proof.
 */
import { createHash } from "node:crypto";
import type { NeedRecord } from "../needs/need.model";
import { cpvDetails, county, municipality } from "../reference/index";

/** One field a change alert names. */
export type FieldChange = { field: string; from: unknown; to: unknown };

export interface NoticeContent {
  kind: "published" | "changed";
  needId: string;
  needVersion: number;
  title: string;
  buyerName: string;
  cpv: string[];
  value: string;
  place: string;
  timeline: string[];
  status: string;
  changes: string[];
  link: string;
}

const nok = (n: number) => `${new Intl.NumberFormat("nb-NO").format(n)} kr`;
const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : undefined);

const FIELD_NAMES: Record<string, string> = {
  estimatedValueNok: "Anslått verdi",
  cpv: "CPV-koder",
  municipalities: "Kommuner",
  counties: "Fylker",
  national: "Nasjonal",
  timeline: "Tidslinje",
  milestones: "Milepæler",
  status: "Status",
  noticeUrl: "Kunngjøring",
};
const show = (value: unknown) => (value === null || value === undefined ? "–" : JSON.stringify(value));

export function noticeContent(
  need: NeedRecord,
  kind: NoticeContent["kind"],
  changes: FieldChange[],
  publicUrl: string,
): NoticeContent {
  const v = need.estimatedValueNok;
  const value =
    v?.min != null && v.max != null
      ? `${nok(v.min)} – ${nok(v.max)}`
      : v?.min != null
        ? `fra ${nok(v.min)}`
        : v?.max != null
          ? `inntil ${nok(v.max)}`
          : "ikke oppgitt";
  const places = [
    ...need.municipalities.map((m) => municipality(m)?.name ?? m),
    ...need.counties.filter((c) => !need.municipalities.some((m) => m.startsWith(c))).map((c) => county(c)?.name ?? c),
  ];
  const t = need.timeline ?? {};
  const timeline = [
    day(t.dialogueOpens) && `Dialog åpner: ${day(t.dialogueOpens)}`,
    day(t.plannedNotice) && `Planlagt kunngjøring: ${day(t.plannedNotice)}`,
    day(t.contractStart) && `Kontraktsstart: ${day(t.contractStart)}`,
    t.durationMonths != null && `Varighet: ${t.durationMonths} måneder`,
  ].filter((line): line is string => typeof line === "string");
  return {
    kind,
    needId: need._id.toString(),
    needVersion: need.version,
    title: need.title,
    buyerName: need.buyerName,
    cpv: cpvDetails(need.cpv).map((c) => (c.labelNb ? `${c.code} ${c.labelNb}` : c.code)),
    value,
    place: need.national ? "Hele landet" : places.join(", ") || "ikke oppgitt",
    timeline,
    status: need.status,
    changes: changes.map((c) => `${FIELD_NAMES[c.field] ?? c.field}: ${show(c.from)} → ${show(c.to)}`),
    link: `${publicUrl.replace(/\/$/, "")}/api/v1/needs/${need._id.toString()}`,
  };
}

export const contentHash = (content: NoticeContent): string =>
  createHash("sha256").update(JSON.stringify(content)).digest("hex");

export const subjectOf = (c: NoticeContent): string =>
  c.kind === "published" ? `Ny markedsdialog: ${c.title}` : `Endret markedsdialog: ${c.title}`;

/** The shared lines, in order; greeting and links go around them. */
export function sharedLines(c: NoticeContent): string[] {
  return [
    c.kind === "published"
      ? `${c.buyerName} har publisert et behov som passer for dere:`
      : `${c.buyerName} har endret et behov dere er varslet om:`,
    "",
    c.title,
    "",
    ...(c.changes.length ? ["Endringer:", ...c.changes.map((line) => `  ${line}`), ""] : []),
    `Oppdragsgiver: ${c.buyerName}`,
    `CPV: ${c.cpv.join("; ")}`,
    `Anslått verdi: ${c.value}`,
    `Sted: ${c.place}`,
    ...c.timeline,
  ];
}

export const summaryOf = (c: NoticeContent): string => sharedLines(c).slice(2).join("\n").trim();

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

export function renderEmail(c: NoticeContent, recipientName: string, unsubscribeUrl: string) {
  const lines = sharedLines(c);
  const text = [
    `Hei ${recipientName},`,
    "",
    ...lines,
    "",
    `Les mer: ${c.link}`,
    "",
    `Avslutt varsler: ${unsubscribeUrl}`,
    "",
  ].join("\n");
  const html = [
    `<p>Hei ${escapeHtml(recipientName)},</p>`,
    ...lines.filter(Boolean).map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(c.link)}">Les mer</a></p>`,
    `<p><a href="${escapeHtml(unsubscribeUrl)}">Avslutt varsler</a></p>`,
  ].join("\n");
  return { subject: subjectOf(c), text, html };
}

const mailFooter = (unsubscribeUrl: string) => ["", `Avslutt varsler: ${unsubscribeUrl}`, ""];

/** The lines of one need in a digest: its title with what happened, the shared facts, the link. */
function digestItemLines(c: NoticeContent, position: number): string[] {
  const facts = sharedLines(c).slice(4); // without the one-need greeting line and the title
  return [
    `${position}. ${c.kind === "published" ? "Ny" : "Endret"}: ${c.title}`,
    ...facts.filter(Boolean).map((line) => `   ${line}`),
    `   Les mer: ${c.link}`,
  ];
}

export const digestSubject = (frequency: "daily" | "weekly", count: number): string =>
  `${frequency === "weekly" ? "Ukens" : "Dagens"} nye markedsdialoger (${count})`;

/**
 * One e-mail for a subscription's digest: every need version it carries, each with the same shared lines
 * its instant recipients got (title, buyer, CPV, value, place, timeline, changes) and its link.
 */
export function renderDigestEmail(
  items: NoticeContent[],
  frequency: "daily" | "weekly",
  recipientName: string,
  unsubscribeUrl: string,
  subscriptionName?: string,
) {
  const intro = `Her er ${items.length === 1 ? "ett behov" : `${items.length} behov`} som passer for dere${
    subscriptionName ? ` (varselet «${subscriptionName}»)` : ""
  }, siden forrige oversikt:`;
  const blocks = items.map((c, i) => digestItemLines(c, i + 1));
  const text = [
    `Hei ${recipientName},`,
    "",
    intro,
    "",
    ...blocks.flatMap((b) => [...b, ""]),
    ...mailFooter(unsubscribeUrl),
  ]
    .join("\n")
    .replace(/\n{3,}/g, "\n\n");
  const html = [
    `<p>Hei ${escapeHtml(recipientName)},</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    ...items.map((c, i) => {
      const [heading = "", ...rest] = digestItemLines(c, i + 1);
      const facts = rest.slice(0, -1).map((line) => `<br>${escapeHtml(line.trim())}`);
      return `<p><strong>${escapeHtml(heading)}</strong>${facts.join("")}<br><a href="${escapeHtml(c.link)}">Les mer</a></p>`;
    }),
    `<p><a href="${escapeHtml(unsubscribeUrl)}">Avslutt varsler</a></p>`,
  ].join("\n");
  return { subject: digestSubject(frequency, items.length), text, html };
}

/** What those told of a need are reminded of: one coming milestone. Fixed at the reminder's first run. */
export interface ReminderContent {
  kind: "reminder";
  needId: string;
  needVersion: number;
  title: string;
  buyerName: string;
  /** The milestone's kind (need.model MILESTONE_KINDS, or dialogue_opens / planned_notice of the timeline). */
  milestone: string;
  /** The milestone's instant (a date-only one: midnight UTC of its date). */
  date: string;
  /** Its date (and Oslo time, when it has one), as shown. */
  when: string;
  /** Whole calendar days from the reminder to the milestone, in Oslo. */
  inDays: number;
  /** The reminder sentence, in Norwegian. */
  line: string;
  location?: string;
  link: string;
}

const relative = (days: number) => (days <= 0 ? "i dag" : days === 1 ? "i morgen" : `om ${days} dager`);

/** The reminder's sentence for a milestone of a need (title in «»). */
export function reminderLine(milestone: string, milestoneTitle: string | undefined, needTitle: string, days: number) {
  const t = `«${needTitle}»`;
  const when = relative(days);
  const phrase =
    milestone === "dialogue_opens"
      ? `dialogen om ${t} åpner ${when}`
      : milestone === "planned_notice"
        ? `kunngjøringen av ${t} er planlagt ${when}`
        : milestone === "dialogue_conference"
          ? `dialogkonferansen for ${t} er ${when}`
          : milestone === "one_to_one_window"
            ? `en-til-en-møtene for ${t} starter ${when}`
            : `${milestoneTitle ? `«${milestoneTitle}»` : "milepælen"} for ${t} er ${when}`;
  return `Påminnelse: ${phrase}`;
}

export const reminderHash = (content: ReminderContent): string =>
  createHash("sha256").update(JSON.stringify(content)).digest("hex");

export function renderReminderEmail(c: ReminderContent, recipientName: string, unsubscribeUrl: string) {
  const lines = [
    `${c.line} (${c.when}).`,
    "",
    `Oppdragsgiver: ${c.buyerName}`,
    `Behov: ${c.title}`,
    ...(c.location ? [`Sted: ${c.location}`] : []),
  ];
  const text = [`Hei ${recipientName},`, "", ...lines, "", `Les mer: ${c.link}`, ...mailFooter(unsubscribeUrl)].join(
    "\n",
  );
  const html = [
    `<p>Hei ${escapeHtml(recipientName)},</p>`,
    ...lines.filter(Boolean).map((line) => `<p>${escapeHtml(line)}</p>`),
    `<p><a href="${escapeHtml(c.link)}">Les mer</a></p>`,
    `<p><a href="${escapeHtml(unsubscribeUrl)}">Avslutt varsler</a></p>`,
  ].join("\n");
  return { subject: `${c.line}`, text, html };
}
