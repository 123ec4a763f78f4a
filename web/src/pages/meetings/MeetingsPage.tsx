/**
 * Meetings at a conference, for suppliers (/leverandor/moter?konferanse=…) and buyers (/innkjoper/moter):
 * ask a registered organisation of the other kind for a one-to-one meeting (with a ranking and a pitch),
 * the organisation's requests with their states to accept, decline or withdraw, and once the organiser has
 * published the schedule, its own meetings and its agenda as a calendar file (agenda.ics).
 */
import { Field, Heading, Label, Link, Paragraph, Select, Spinner, Table } from "@digdir/designsystemet-react";
import { Link as RouterLink, useSearchParams } from "react-router";
import { api, ApiError, unwrap } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { formatDateTime, formatTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { RequestProblem } from "../signed-in/problems";
import { useUser } from "../signed-in/GroupPages";
import { AskForm } from "./AskForm";
import { MeetingRequests } from "./MeetingRequests";

export default function MeetingsPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const conferenceId = params.get("konferanse") ?? "";
  const conferences = useLoad(
    () => unwrap(api.GET("/api/v1/conferences", { params: { query: { status: "published", limit: 100 } } })),
    "published",
  );
  const withMeetings = conferences.data?.items.filter((c) => c.meetings) ?? [];
  return (
    <>
      <Heading level={1}>{t("flows.meetings.title")}</Heading>
      {conferences.loading && <Spinner aria-label={t("common.loading")} />}
      <RequestProblem error={conferences.error} />
      {conferences.data && (
        <Field>
          <Label htmlFor="meetings-conference">{t("flows.meetings.conference")}</Label>
          <Select
            id="meetings-conference"
            value={conferenceId}
            onChange={(e) => setParams(e.target.value ? { konferanse: e.target.value } : {})}
          >
            <Select.Option value="">{t("flows.meetings.pick")}</Select.Option>
            {withMeetings.map((c) => (
              <Select.Option key={c.id} value={c.id}>
                {c.title} ({formatDateTime(c.startsAt, locale)})
              </Select.Option>
            ))}
          </Select>
        </Field>
      )}
      {conferenceId && <ConferenceMeetings key={conferenceId} conferenceId={conferenceId} />}
    </>
  );
}

function ConferenceMeetings({ conferenceId }: { conferenceId: string }) {
  const { t, locale } = useI18n();
  const user = useUser();
  const loaded = useLoad(
    () =>
      Promise.all([
        unwrap(api.GET("/api/v1/conferences/{id}/registrations", { params: { path: { id: conferenceId } } })),
        unwrap(api.GET("/api/v1/conferences/{id}/schedule", { params: { path: { id: conferenceId } } })).catch(
          (e: unknown) => {
            if (e instanceof ApiError && e.status === 404) return undefined;
            throw e;
          },
        ),
      ]),
    conferenceId,
  );
  // Reloaded alone after each ask, answer or withdrawal.
  const requests = useLoad(
    () => unwrap(api.GET("/api/v1/meeting-requests", { params: { query: { conferenceId } } })),
    conferenceId,
  );
  if (loaded.loading && !loaded.data) return <Spinner aria-label={t("common.loading")} />;
  if (loaded.error || !loaded.data) return <RequestProblem error={loaded.error} />;
  const [registrations, schedule] = loaded.data;
  const own = registrations.items.find((r) => r.orgId === user.orgId && r.status === "registered");
  const names = new Map(registrations.items.map((r) => [r.orgId, r.orgName]));
  const otherKind = user.orgKind === "buyer" ? "supplier" : "buyer";
  // Registrations made before their kind was kept have none: offered, and the API says when wrong.
  const others = registrations.items.filter(
    (r) => r.orgId !== user.orgId && r.status === "registered" && (r.orgKind ?? otherKind) === otherKind,
  );
  if (!own)
    return (
      <Paragraph>
        {t("flows.meetings.notRegistered")}{" "}
        <RouterLink to={`/konferanser/${conferenceId}`}>{t("flows.meetings.register")}</RouterLink>
      </Paragraph>
    );
  const mine = schedule?.meetings.filter((m) => m.supplierOrgId === user.orgId || m.buyerOrgId === user.orgId) ?? [];
  return (
    <>
      <AskForm conferenceId={conferenceId} others={others} onAsked={requests.reload} />
      <RequestProblem error={requests.error} />
      {requests.data && <MeetingRequests requests={requests.data.items} names={names} onChanged={requests.reload} />}
      <section aria-labelledby="agenda-heading">
        <Heading level={2} id="agenda-heading">
          {t("flows.meetings.agenda")}
        </Heading>
        {!schedule || mine.length === 0 ? (
          <Paragraph>{t("flows.meetings.noAgenda")}</Paragraph>
        ) : (
          <>
            <Table data-testid="agenda">
              <caption>
                {t("flows.meetings.agendaCaption", { state: t(`flows.schedule.state.${schedule.state}`) })}
              </caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>{t("flows.meetings.when")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("flows.meetings.table")}</Table.HeaderCell>
                  <Table.HeaderCell>{t("flows.meetings.with")}</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {mine.map((m) => (
                  <Table.Row key={m.requestId}>
                    <Table.Cell>
                      {formatDateTime(m.start, locale)}–{formatTime(m.end, locale)}
                    </Table.Cell>
                    <Table.Cell>{m.table}</Table.Cell>
                    <Table.Cell>
                      {names.get(m.buyerOrgId === user.orgId ? m.supplierOrgId : m.buyerOrgId) ?? "–"}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
            <Paragraph>
              <Link
                href={`/api/v1/conferences/${conferenceId}/agenda.ics?org=${user.orgId}`}
                download
                data-testid="agenda-ics"
              >
                {t("flows.meetings.download")}
              </Link>
            </Paragraph>
          </>
        )}
      </section>
    </>
  );
}
