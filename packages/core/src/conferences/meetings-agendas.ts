/**
 * The final schedule's agendas: when a version is published as final, each registered organisation's
 * participants get their meetings with the link to the organisation's agenda.ics, one message per
 * organisation and published version (`agenda.v<N>.<orgId>`), through the notification worker, so
 * publishing the same version again tells nobody twice.
 */
import { Organization, type OrganizationRecord } from "../organizations/organization.model";
import type { ConferenceRecord } from "./conference.model";
import { conferenceRegistrations } from "./conferences.service";
import { isSupplierOrg } from "./ledger";
import { conferencePath, recordMessage } from "./messages";
import { delegation } from "./message-texts";
import type { ScheduleRecord } from "./schedule-store";
import { osloText } from "./times";

export async function orgNames(ids: string[]) {
  const orgs = await Promise.all([...new Set(ids)].map((id) => Organization.findById(id).lean<OrganizationRecord>()));
  return new Map(orgs.flatMap((o) => (o ? [[o._id.toString(), o.name] as const] : [])));
}

export async function recordAgendas(c: ConferenceRecord, s: ScheduleRecord): Promise<void> {
  const id = c._id.toString();
  const regs = (await conferenceRegistrations(id)).filter((r) => r.status === "registered");
  const names = await orgNames(s.meetings.flatMap((m) => [m.buyerOrgId, m.supplierOrgId]));
  for (const reg of regs) {
    const mine = s.meetings.filter((m) => m.buyerOrgId === reg.orgId || m.supplierOrgId === reg.orgId);
    const lines = mine.map((m) => {
      const other = m.buyerOrgId === reg.orgId ? m.supplierOrgId : m.buyerOrgId;
      return `- ${osloText(m.start)}, ${m.table}: ${names.get(other) ?? other}`;
    });
    const ics = `${conferencePath(id)}/agenda.ics?org=${reg.orgId}`;
    await recordMessage(c, {
      slug: `agenda.v${s.version}.${reg.orgId}`,
      topic: "agenda",
      registrationId: reg._id,
      audience: { type: "people", people: delegation(reg, await isSupplierOrg(reg.orgId)) },
      subject: `Møteplan for ${c.title}`,
      lines: [
        `den endelige møteplanen for ${reg.orgName} på «${c.title}» (${c.venue}) er klar.`,
        mine.length ? "Dine en-til-en-møter:" : "Organisasjonen din har ingen en-til-en-møter i planen.",
        ...lines,
        "",
        "Kalenderfil (iCalendar) for møtene: lenken under, med organisasjonens API-nøkkel.",
      ],
      link: ics,
    });
  }
}
