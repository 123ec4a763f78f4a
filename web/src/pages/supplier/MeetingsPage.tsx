/**
 * Meetings at a conference (/leverandor/moter?konferanse=…): ask a registered buyer for a one-to-one
 * meeting (with a ranking and a pitch), see the requests asked here, and once the organiser has published
 * the schedule, the supplier's own meetings and its agenda as a calendar file (agenda.ics).
 */
import {
  Alert,
  Button,
  Field,
  Heading,
  Label,
  Link,
  Paragraph,
  Select,
  Spinner,
  Table,
  Textfield,
} from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { Link as RouterLink, useSearchParams } from "react-router";
import { api, ApiError, unwrap, type Schemas } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { formatDateTime, formatTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { FieldError, fieldProblems, problemAt, RequestProblem } from "../signed-in/problems";
import { useUser } from "../signed-in/GroupPages";

type Ranking = Schemas["MeetingRequestInput"]["ranking"];

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
  const [asked, setAsked] = useState<Schemas["MeetingRequest"][]>([]);
  if (loaded.loading && !loaded.data) return <Spinner aria-label={t("common.loading")} />;
  if (loaded.error || !loaded.data) return <RequestProblem error={loaded.error} />;
  const [registrations, schedule] = loaded.data;
  const own = registrations.items.find((r) => r.orgId === user.orgId && r.status === "registered");
  const names = new Map(registrations.items.map((r) => [r.orgId, r.orgName]));
  const others = registrations.items.filter((r) => r.orgId !== user.orgId && r.status === "registered");
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
      <RequestForm conferenceId={conferenceId} buyers={others} onAsked={(r) => setAsked((old) => [r, ...old])} />
      {asked.length > 0 && (
        <section aria-labelledby="asked-heading">
          <Heading level={2} id="asked-heading">
            {t("flows.meetings.asked")}
          </Heading>
          <ul data-testid="asked">
            {asked.map((r) => (
              <li key={r.id}>
                {t("flows.meetings.askedItem", {
                  buyer: names.get(r.buyerOrgId) ?? r.buyerOrgId,
                  status: t(`flows.meetings.status.${r.status}`),
                })}
              </li>
            ))}
          </ul>
        </section>
      )}
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

function RequestForm(props: {
  conferenceId: string;
  buyers: Schemas["Registration"][];
  onAsked(r: Schemas["MeetingRequest"]): void;
}) {
  const { t } = useI18n();
  const user = useUser();
  const [buyer, setBuyer] = useState("");
  const [ranking, setRanking] = useState<Ranking>("would_like");
  const [pitch, setPitch] = useState("");
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState(false);
  const problems = fieldProblems(error);
  const err = (path: string) => {
    const message = problemAt(problems, path);
    return message ? <FieldError message={message} /> : undefined;
  };
  async function ask(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setSent(false);
    try {
      const written = await unwrap(
        api.POST("/api/v1/conferences/{id}/meeting-requests", {
          params: { path: { id: props.conferenceId } },
          body: { buyerOrgId: buyer, supplierOrgId: user.orgId, ranking, ...(pitch.trim() && { pitch: pitch.trim() }) },
        }),
      );
      props.onAsked(written);
      setSent(true);
      setPitch("");
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <section aria-labelledby="ask-heading">
      <Heading level={2} id="ask-heading">
        {t("flows.meetings.ask")}
      </Heading>
      <form noValidate className="mdf-form" onSubmit={(e) => void ask(e)}>
        <RequestProblem
          error={error}
          fieldIds={{ buyerOrgId: "ask-buyer", pitch: "ask-pitch", ranking: "ask-ranking" }}
        />
        {sent && <Alert data-color="success">{t("flows.meetings.sent")}</Alert>}
        <Field>
          <Label htmlFor="ask-buyer">{t("flows.meetings.buyer")}</Label>
          <Select id="ask-buyer" value={buyer} onChange={(e) => setBuyer(e.target.value)}>
            <Select.Option value="">{t("flows.meetings.pickBuyer")}</Select.Option>
            {props.buyers.map((r) => (
              <Select.Option key={r.orgId} value={r.orgId}>
                {r.orgName}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="ask-ranking">{t("flows.meetings.ranking")}</Label>
          <Select id="ask-ranking" value={ranking} onChange={(e) => setRanking(e.target.value as Ranking)}>
            {(["must", "would_like", "no_thanks"] as const).map((r) => (
              <Select.Option key={r} value={r}>
                {t(`flows.meetings.rank.${r}`)}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Textfield
          id="ask-pitch"
          label={t("flows.meetings.pitch")}
          multiline
          rows={3}
          value={pitch}
          onChange={(e) => setPitch(e.target.value)}
          error={err("pitch")}
        />
        <div className="mdf-actions">
          <Button type="submit">{t("flows.meetings.send")}</Button>
        </div>
      </form>
    </section>
  );
}
