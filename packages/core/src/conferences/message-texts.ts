/** The Norwegian words of each conference message; pure, so every recipient of a message gets the same. */
import type { ConferenceRecord } from "./conference.model";
import type { MessageRecipient } from "./message.model";
import type { NewMessage } from "./messages";
import type { ConferenceParticipant, RegistrationRecord } from "./registration.model";
import { osloText } from "./times";

const where = (c: ConferenceRecord) => `«${c.title}» (${c.venue}, ${osloText(c.startsAt)})`;
/** The registration in a message's slug: its organisation and which registration of it (`<orgId>.r2`). */
const regSlug = (reg: RegistrationRecord) => `${reg.orgId}.${reg._id.split("-").at(-1)}`;
const count = (k: number) => `${k} ${k === 1 ? "deltaker" : "deltakere"}`;

/** The registration's participants by e-mail, and the organisation's inbox when it is a supplier. */
export function delegation(reg: RegistrationRecord, supplier: boolean, people = reg.participants): MessageRecipient[] {
  return [
    ...people.map((p) => ({ id: p.id, orgId: reg.orgId, name: p.name, email: p.email })),
    ...(supplier ? [{ id: reg.orgId, orgId: reg.orgId, name: reg.orgName, inapp: true }] : []),
  ];
}

export function confirmationMessage(c: ConferenceRecord, reg: RegistrationRecord, supplier: boolean): NewMessage {
  return {
    slug: `confirmation.${regSlug(reg)}`,
    topic: "confirmation",
    registrationId: reg._id,
    audience: { type: "people", people: delegation(reg, supplier) },
    subject: `Påmeldingen til ${c.title} er bekreftet`,
    lines: [
      `${reg.orgName} er påmeldt ${where(c)} med ${count(reg.participants.length)}.`,
      `Påmeldte: ${reg.participants.map((p) => p.name).join(", ")}.`,
      "",
      "Kan dere ikke komme likevel, meld av plassen så snart som mulig, så går den til ventelisten.",
    ],
  };
}

export function waitlistedMessage(
  c: ConferenceRecord,
  reg: RegistrationRecord,
  waitlistNo: number,
  supplier: boolean,
): NewMessage {
  return {
    slug: `waitlisted.${regSlug(reg)}`,
    topic: "waitlisted",
    registrationId: reg._id,
    audience: { type: "people", people: delegation(reg, supplier) },
    subject: `Du står på venteliste til ${c.title}`,
    lines: [
      `Det er fullt på ${where(c)}.`,
      `${reg.orgName} står på ventelisten som nr. ${waitlistNo} med ${count(reg.participants.length)}.`,
      "Blir det ledig plass til hele delegasjonen, får dere beskjed.",
    ],
  };
}

/** `n` tells one promotion of the registration from a later one (its history length at the time). */
export function promotedMessage(
  c: ConferenceRecord,
  reg: RegistrationRecord,
  n: number,
  supplier: boolean,
): NewMessage {
  return {
    slug: `promoted.${regSlug(reg)}.${n}`,
    topic: "promoted",
    registrationId: reg._id,
    audience: { type: "people", people: delegation(reg, supplier) },
    subject: `Du har fått plass på ${c.title}`,
    lines: [
      `det har blitt ledig plass på ${where(c)},`,
      `og ${reg.orgName} er flyttet fra ventelisten til de påmeldte. Du er registrert som deltaker.`,
      "",
      "Kan du likevel ikke komme, ber vi organisasjonen din melde av plassen så snart som mulig.",
    ],
  };
}

export function cutMessage(c: ConferenceRecord, reg: RegistrationRecord, p: ConferenceParticipant, reason: string) {
  return {
    slug: `cut.${regSlug(reg)}.${p.id}`,
    topic: "cut",
    registrationId: reg._id,
    audience: { type: "people", people: delegation(reg, false, [p]) },
    subject: `Endring i påmeldingen til ${c.title}`,
    lines: [
      `det er flere påmeldte enn plasser på ${where(c)}.`,
      "Arrangøren har derfor redusert antall deltakere per organisasjon, slik at flest mulig organisasjoner får plass.",
      `Din plass for ${reg.orgName} er tatt bort.`,
      "",
      `Begrunnelse: ${reason}`,
      "",
      "Organisasjonen din beholder sine øvrige plasser. Ta kontakt med arrangøren om du har spørsmål.",
    ],
  } satisfies NewMessage;
}

export function invitationMessage(c: ConferenceRecord, needTitles: string[]): NewMessage {
  return {
    slug: `invitation.v${c.version}`,
    topic: "invitation",
    audience: { type: "invited" },
    subject: `Invitasjon: ${c.title}`,
    lines: [
      `${c.organizerName} inviterer til ${where(c)}.`,
      ...(c.address ? [`Adresse: ${c.address}.`] : []),
      `Konferansen gjelder ${needTitles.length === 1 ? "behovet" : "behovene"} ${needTitles.map((t) => `«${t}»`).join(", ")}, som virksomheten deres er koblet til.`,
      `Påmeldingsfrist: ${osloText(c.registrationDeadline)}.`,
      "Meld på organisasjonen i Markedsdialog.",
    ],
  };
}

const FIELD_NAMES: Record<string, string> = { startsAt: "Start", endsAt: "Slutt", venue: "Sted", address: "Adresse" };
const shown = (value: unknown) =>
  value instanceof Date ? osloText(value) : value === undefined || value === null ? "–" : String(value);

export function changedMessage(c: ConferenceRecord, changes: { field: string; from: unknown; to: unknown }[]) {
  return {
    slug: `changed.v${c.version}`,
    topic: "changed",
    audience: { type: "participants", statuses: ["registered"] },
    subject: `Endring: ${c.title}`,
    lines: [
      `Arrangøren har endret ${where(c)}:`,
      ...changes.map((ch) => `- ${FIELD_NAMES[ch.field] ?? ch.field}: fra ${shown(ch.from)} til ${shown(ch.to)}`),
      "",
      "Påmeldingen din gjelder fortsatt. Kan du ikke komme på det nye tidspunktet, meld av plassen.",
    ],
    changes: changes.map((ch) => ({
      field: ch.field,
      from: ch.from instanceof Date ? ch.from.toISOString() : (ch.from ?? null),
      to: ch.to instanceof Date ? ch.to.toISOString() : (ch.to ?? null),
    })),
  } satisfies NewMessage;
}

export function cancelledMessage(c: ConferenceRecord, reason: string): NewMessage {
  return {
    slug: "cancelled",
    topic: "cancelled",
    audience: { type: "participants", statuses: ["registered", "waitlisted"] },
    subject: `Avlyst: ${c.title}`,
    lines: [`${where(c)} er avlyst.`, "", `Begrunnelse: ${reason}`, "", "Påmeldinger og ventelisten er avsluttet."],
  };
}

export function deadlineReminderMessage(c: ConferenceRecord): NewMessage {
  return {
    slug: `reminder_deadline.${c.registrationDeadline.getTime()}`,
    topic: "reminder_deadline",
    audience: { type: "invited_unregistered" },
    subject: `Påminnelse: påmeldingsfristen til ${c.title} er ${osloText(c.registrationDeadline)}`,
    lines: [
      `Dere er invitert til ${where(c)}, men er ikke påmeldt ennå.`,
      `Påmeldingsfristen er ${osloText(c.registrationDeadline)}.`,
    ],
  };
}

export function dayBeforeReminderMessage(c: ConferenceRecord): NewMessage {
  return {
    slug: `reminder_day_before.${c.startsAt.getTime()}`,
    topic: "reminder_day_before",
    audience: { type: "participants", statuses: ["registered"] },
    subject: `Påminnelse: ${c.title} starter ${osloText(c.startsAt)}`,
    lines: [
      `Velkommen til ${where(c)}.`,
      ...(c.address ? [`Adresse: ${c.address}.`] : []),
      "Kan du ikke komme, meld av plassen så den kan gå til ventelisten.",
    ],
  };
}
