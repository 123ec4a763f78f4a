/** The final schedule's agenda notices: one Norwegian e-mail per participant of every registered organisation. */
import { Organization, type OrganizationRecord } from "../organizations/organization.model";
import type { ConferenceRecord } from "./conference.model";
import { conferenceRegistrations } from "./conferences.service";
import type { ScheduleRecord } from "./schedule-store";
import { osloText } from "./times";

export async function orgNames(ids: string[]) {
  const orgs = await Promise.all([...new Set(ids)].map((id) => Organization.findById(id).lean<OrganizationRecord>()));
  return new Map(orgs.flatMap((o) => (o ? [[o._id.toString(), o.name] as const] : [])));
}

export async function agendaNotices(c: ConferenceRecord, s: ScheduleRecord, publicUrl: string) {
  const id = c._id.toString();
  const regs = (await conferenceRegistrations(id)).filter((r) => r.status === "registered");
  const names = await orgNames(regs.map((r) => r.orgId));
  return regs.flatMap((reg) => {
    const mine = s.meetings.filter((m) => m.buyerOrgId === reg.orgId || m.supplierOrgId === reg.orgId);
    const lines = mine.map((m) => {
      const other = m.buyerOrgId === reg.orgId ? m.supplierOrgId : m.buyerOrgId;
      return `- ${osloText(m.start)}, ${m.table}: ${names.get(other) ?? other}`;
    });
    const link = `${publicUrl}/api/v1/conferences/${id}/agenda.ics?org=${reg.orgId}`;
    return reg.participants.map((p) => ({
      _id: `${reg._id}-agenda-${p.id}-v${s.version}`,
      conferenceId: id,
      registrationId: reg._id,
      orgId: reg.orgId,
      kind: "agenda" as const,
      to: p.email,
      name: p.name,
      subject: `Møteplan for ${c.title}`,
      text: [
        `Hei ${p.name},`,
        "",
        `den endelige møteplanen for ${reg.orgName} på «${c.title}» (${c.venue}) er klar.`,
        mine.length ? "Dine en-til-en-møter:" : "Organisasjonen din har ingen en-til-en-møter i planen.",
        ...lines,
        "",
        `Kalenderfil (iCalendar) for møtene: ${link}`,
        "",
        `Vennlig hilsen\n${c.organizerName}\n(sendt fra Markedsdialog)`,
      ].join("\n"),
    }));
  });
}
