/**
 * The organiser's conferences (/arrangor) and setting up a new one: when and where, capacity, the
 * registration deadline and the one-to-one meetings grid (window, slot length, tables). Times are typed as
 * `dd.mm.åååå tt:mm` in Norway's time, whatever the browser's zone (DateTimeField), and sent with Oslo's
 * offset; the API's field problems stand next to the fields.
 */
import {
  Button,
  Field,
  Fieldset,
  Heading,
  Label,
  Paragraph,
  Select,
  Spinner,
  Table,
  Tag,
  Textfield,
} from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { Link as RouterLink, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { formatDateTime } from "../../i18n/format";
import { DateTimeField } from "../../components/DateFields";
import { useI18n } from "../../i18n/i18n";
import { FieldError, fieldProblems, problemAt, RequestProblem } from "../signed-in/problems";
import { useUser } from "../signed-in/GroupPages";

export default function OrganiserHomePage() {
  const { t, locale } = useI18n();
  const user = useUser();
  const list = useLoad(
    () =>
      Promise.all(
        (["draft", "published"] as const).map((status) =>
          unwrap(api.GET("/api/v1/conferences", { params: { query: { organizer: user.orgId, status, limit: 100 } } })),
        ),
      ),
    user.orgId,
  );
  const items = list.data?.flatMap((l) => l.items) ?? [];
  return (
    <>
      <Heading level={1}>{t("flows.organiser.title", { org: user.orgName })}</Heading>
      {list.loading && <Spinner aria-label={t("common.loading")} />}
      <RequestProblem error={list.error} />
      {list.data && items.length === 0 && <Paragraph>{t("flows.organiser.none")}</Paragraph>}
      {items.length > 0 && (
        <Table>
          <caption>{t("flows.organiser.caption")}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t("flows.organiser.col.title")}</Table.HeaderCell>
              <Table.HeaderCell>{t("conference.when")}</Table.HeaderCell>
              <Table.HeaderCell>{t("need.status")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {items.map((c) => (
              <Table.Row key={c.id}>
                <Table.Cell>
                  <RouterLink to={`/arrangor/konferanser/${c.id}`}>{c.title}</RouterLink>
                </Table.Cell>
                <Table.Cell>{formatDateTime(c.startsAt, locale)}</Table.Cell>
                <Table.Cell>
                  <Tag>{t(`flows.conference.status.${c.status}`)}</Tag>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
      <NewConference />
    </>
  );
}

interface Fields {
  title: string;
  venue: string;
  startsAt: string;
  endsAt: string;
  registrationDeadline: string;
  capacity: string;
  perOrgQuota: string;
  meetingsStart: string;
  meetingsEnd: string;
  slotMinutes: string;
  tables: string;
  status: "draft" | "published";
}

const EMPTY: Fields = {
  title: "",
  venue: "",
  startsAt: "",
  endsAt: "",
  registrationDeadline: "",
  capacity: "100",
  perOrgQuota: "",
  meetingsStart: "",
  meetingsEnd: "",
  slotMinutes: "20",
  tables: "",
  status: "published",
};

const PATHS: Record<string, string> = {
  title: "title",
  venue: "venue",
  startsAt: "startsAt",
  endsAt: "endsAt",
  registrationDeadline: "registrationDeadline",
  capacity: "capacity",
  perOrgQuota: "perOrgQuota",
  meetingsStart: "meetings.start",
  meetingsEnd: "meetings.end",
  slotMinutes: "meetings.slotMinutes",
  tables: "meetings.tables",
};

function NewConference() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [f, setF] = useState(EMPTY);
  const [error, setError] = useState<unknown>();
  const problems = fieldProblems(error);
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setF((old) => ({ ...old, [key]: value }));
  const input = (
    key: Exclude<keyof Fields, "status">,
    type: "text" | "datetime" | "number" = "text",
    hint?: string,
  ) => {
    const found = problemAt(problems, PATHS[key]!);
    if (type === "datetime")
      return (
        <DateTimeField
          id={`conference-${key}`}
          label={t(`flows.conference.${key}`)}
          value={f[key]}
          onChange={(value) => set(key, value)}
          error={found ? <FieldError problems={found} /> : undefined}
        />
      );
    return (
      <Textfield
        id={`conference-${key}`}
        type={type}
        label={t(`flows.conference.${key}`)}
        description={hint}
        value={f[key]}
        onChange={(e) => set(key, e.target.value)}
        error={found ? <FieldError problems={found} /> : undefined}
      />
    );
  };
  async function create(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    const number = (s: string) => (s.trim() === "" ? undefined : Number(s));
    const tables = f.tables
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const meetings =
      f.meetingsStart || f.meetingsEnd || tables.length
        ? {
            start: f.meetingsStart,
            end: f.meetingsEnd,
            slotMinutes: number(f.slotMinutes) ?? 0,
            tables,
          }
        : undefined;
    try {
      const written = await unwrap(
        api.POST("/api/v1/conferences", {
          body: {
            title: f.title,
            venue: f.venue,
            startsAt: f.startsAt,
            endsAt: f.endsAt,
            registrationDeadline: f.registrationDeadline,
            capacity: number(f.capacity) ?? 0,
            ...(number(f.perOrgQuota) !== undefined && { perOrgQuota: number(f.perOrgQuota) }),
            coOrganizerIds: [],
            needIds: [],
            status: f.status,
            ...(meetings && { meetings }),
          },
        }),
      );
      await navigate(`/arrangor/konferanser/${written.id}`);
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <section aria-labelledby="new-conference">
      <Heading level={2} id="new-conference">
        {t("flows.conference.new")}
      </Heading>
      <form noValidate className="mdf-form" onSubmit={(e) => void create(e)}>
        <RequestProblem
          error={error}
          fieldIds={Object.fromEntries(Object.entries(PATHS).map(([k, p]) => [p, `conference-${k}`]))}
        />
        {input("title")}
        {input("venue")}
        {input("startsAt", "datetime")}
        {input("endsAt", "datetime")}
        {input("registrationDeadline", "datetime")}
        {input("capacity", "number")}
        {input("perOrgQuota", "number", t("flows.conference.perOrgQuotaHint"))}
        <Fieldset>
          <Fieldset.Legend>{t("flows.conference.meetings")}</Fieldset.Legend>
          {input("meetingsStart", "datetime")}
          {input("meetingsEnd", "datetime")}
          {input("slotMinutes", "number")}
          {input("tables", "text", t("flows.conference.tablesHint"))}
        </Fieldset>
        <Field>
          <Label htmlFor="conference-status">{t("need.status")}</Label>
          <Select
            id="conference-status"
            value={f.status}
            onChange={(e) => set("status", e.target.value as Fields["status"])}
          >
            <Select.Option value="published">{t("flows.conference.status.published")}</Select.Option>
            <Select.Option value="draft">{t("flows.conference.status.draft")}</Select.Option>
          </Select>
        </Field>
        <div className="mdf-actions">
          <Button type="submit">{t("flows.conference.create")}</Button>
        </div>
      </form>
    </section>
  );
}
