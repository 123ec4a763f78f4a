/**
 * Norwegian notices to the people a ledger change affects: participants cut by a fair reduction, and the
 * participants of a registration promoted from the waiting list. They are recorded by the ledger's writer
 * (idempotency key as `_id`) and e-mailed over SMTP_URL after the lock is released; each is sent by
 * whoever first claims it (NoticeSend), so none goes twice. Without SMTP_URL they stay recorded (`unsent`).
 */
import nodemailer from "nodemailer";
import { isDuplicateKey } from "../platform/ids";
import type { ConferenceRecord } from "./conference.model";
import {
  ConferenceNotice,
  NoticeSend,
  type NoticeRecord,
  type ConferenceParticipant,
  type RegistrationRecord,
} from "./registration.model";
import { osloText } from "./times";

export interface MailSettings {
  smtpUrl?: string;
  from: string;
}

type NewNotice = Omit<NoticeRecord, "state" | "createdAt" | "sentAt" | "reason">;

const signature = (c: ConferenceRecord) => `Vennlig hilsen\n${c.organizerName}\n(sendt fra Markedsdialog)`;

export function cutNotice(
  c: ConferenceRecord,
  reg: RegistrationRecord,
  p: ConferenceParticipant,
  reason: string,
): NewNotice {
  const text = [
    `Hei ${p.name},`,
    "",
    `det er flere påmeldte enn plasser på «${c.title}» (${c.venue}, ${osloText(c.startsAt)}).`,
    "Arrangøren har derfor redusert antall deltakere per organisasjon, slik at flest mulig organisasjoner får plass.",
    `Din plass for ${reg.orgName} er tatt bort.`,
    "",
    `Begrunnelse: ${reason}`,
    "",
    "Organisasjonen din beholder sine øvrige plasser. Ta kontakt med arrangøren om du har spørsmål.",
    "",
    signature(c),
  ].join("\n");
  return {
    _id: `${reg._id}-cut-${p.id}`,
    conferenceId: c._id.toString(),
    registrationId: reg._id,
    orgId: reg.orgId,
    kind: "cut",
    to: p.email,
    name: p.name,
    subject: `Endring i påmeldingen til ${c.title}`,
    text,
  };
}

/** `n` tells one promotion of the registration from a later one (its history length at the time). */
export function promotedNotices(c: ConferenceRecord, reg: RegistrationRecord, n: number): NewNotice[] {
  return reg.participants.map((p) => ({
    _id: `${reg._id}-promoted-${p.id}-${n}`,
    conferenceId: c._id.toString(),
    registrationId: reg._id,
    orgId: reg.orgId,
    kind: "promoted" as const,
    to: p.email,
    name: p.name,
    subject: `Du har fått plass på ${c.title}`,
    text: [
      `Hei ${p.name},`,
      "",
      `det har blitt ledig plass på «${c.title}» (${c.venue}, ${osloText(c.startsAt)}),`,
      `og ${reg.orgName} er flyttet fra ventelisten til de påmeldte. Du er registrert som deltaker.`,
      "",
      "Kan du likevel ikke komme, ber vi organisasjonen din melde av plassen så snart som mulig.",
      "",
      signature(c),
    ].join("\n"),
  }));
}

export async function recordNotices(notices: NewNotice[]): Promise<void> {
  for (const notice of notices) {
    try {
      await ConferenceNotice.create({ ...notice, state: "pending" });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
}

async function claim(id: string): Promise<boolean> {
  try {
    await NoticeSend.create({ _id: id, at: new Date() });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** E-mails the conference's pending notices; a failure is recorded on the notice, not thrown. */
export async function sendNotices(conferenceId: string, mail: MailSettings | undefined): Promise<void> {
  const pending = (await ConferenceNotice.find({ conferenceId }).lean<NoticeRecord[]>()).filter(
    (n) => n.state === "pending",
  );
  if (pending.length === 0) return;
  if (!mail?.smtpUrl) {
    for (const n of pending)
      await ConferenceNotice.updateOne({ _id: n._id }, { $set: { state: "unsent", reason: "no SMTP_URL configured" } });
    return;
  }
  const transport = nodemailer.createTransport(mail.smtpUrl);
  try {
    for (const n of pending) {
      if (!(await claim(n._id))) continue;
      try {
        await transport.sendMail({
          from: mail.from,
          to: n.to,
          subject: n.subject,
          text: n.text,
          messageId: `<${n._id}@markedsdialog.no>`,
        });
        await ConferenceNotice.updateOne({ _id: n._id }, { $set: { state: "sent", sentAt: new Date() } });
      } catch (error) {
        const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
        await ConferenceNotice.updateOne({ _id: n._id }, { $set: { state: "failed", reason } });
      }
    }
  } finally {
    transport.close();
  }
}

export const presentNotice = (n: NoticeRecord) => ({
  id: n._id,
  registrationId: n.registrationId,
  orgId: n.orgId,
  kind: n.kind,
  to: n.to,
  name: n.name,
  subject: n.subject,
  text: n.text,
  state: n.state,
  ...(n.reason && { reason: n.reason }),
  createdAt: n.createdAt.toISOString(),
  ...(n.sentAt && { sentAt: n.sentAt.toISOString() }),
});
