/**
 * Saved alerts (/leverandor/varsler): the supplier's subscriptions, a form to add one or change one
 * (name, words, CPV codes, counties, how often, by which channel) and deleting. Field problems from the
 * API stand next to the fields.
 */
import {
  Alert,
  Button,
  Checkbox,
  Field,
  Fieldset,
  Heading,
  Label,
  Paragraph,
  Select,
  Spinner,
  Textfield,
  ValidationMessage,
} from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { useI18n } from "../../i18n/i18n";
import { CodePicker, type PickedCode } from "../signed-in/CodePicker";
import { done, FieldError, fieldProblems, problemAt, RequestProblem } from "../signed-in/problems";

type Subscription = Schemas["Subscription"];
type Frequency = Subscription["frequency"];
type Channel = "inapp" | "email";

interface Fields {
  name: string;
  keywords: string;
  cpv: PickedCode[];
  counties: string;
  frequency: Frequency;
  channels: Channel[];
}

const EMPTY: Fields = { name: "", keywords: "", cpv: [], counties: "", frequency: "instant", channels: ["inapp"] };
const fieldsOf = (s: Subscription): Fields => ({
  name: s.name ?? "",
  keywords: (s.keywords ?? []).join(", "),
  cpv: (s.cpvDetails ?? []).map((c) => ({ code: c.code, label: c.labelNb })),
  counties: (s.counties ?? []).join(", "),
  frequency: s.frequency,
  channels: s.channels.filter((c): c is Channel => c !== "webhook"),
});
const IDS = {
  name: "alert-name",
  keywords: "alert-keywords",
  cpv: "alert-cpv",
  counties: "alert-counties",
  channels: "alert-channels",
};

export default function AlertsPage() {
  const { t } = useI18n();
  const list = useLoad(() => unwrap(api.GET("/api/v1/subscriptions", { params: { query: { limit: 100 } } })), "alerts");
  const [editing, setEditing] = useState<Subscription | undefined>();
  const [error, setError] = useState<unknown>();
  async function remove(s: Subscription) {
    setError(undefined);
    try {
      await done(api.DELETE("/api/v1/subscriptions/{id}", { params: { path: { id: s.id } } }));
      list.reload();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <>
      <Heading level={1}>{t("flows.alerts.title")}</Heading>
      <Paragraph>{t("flows.alerts.lead")}</Paragraph>
      <EmailStatus />
      {list.loading && !list.data && <Spinner aria-label={t("common.loading")} />}
      <RequestProblem error={list.error ?? error} />
      {list.data && list.data.items.length === 0 && <Paragraph>{t("flows.alerts.none")}</Paragraph>}
      {list.data && list.data.items.length > 0 && (
        <ul className="mdf-cards" data-testid="alerts">
          {list.data.items.map((s) => (
            <li key={s.id} className="mdf-card">
              <Heading level={2} data-size="xs">
                {s.name || t("flows.alerts.unnamed")}
              </Heading>
              <Paragraph data-size="sm">
                {t(`flows.alerts.frequency.${s.frequency}`)} ·{" "}
                {s.channels.map((c) => t(`flows.record.channel.${c}`)).join(", ")}
                {s.keywords?.length ? ` · ${s.keywords.join(", ")}` : ""}
                {s.cpv?.length ? ` · CPV ${s.cpv.join(", ")}` : ""}
              </Paragraph>
              <div className="mdf-actions">
                <Button variant="secondary" data-size="sm" onClick={() => setEditing(s)}>
                  {t("flows.alerts.edit", { name: s.name || t("flows.alerts.unnamed") })}
                </Button>
                <Button variant="tertiary" data-size="sm" data-color="danger" onClick={() => void remove(s)}>
                  {t("flows.alerts.delete", { name: s.name || t("flows.alerts.unnamed") })}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <AlertForm
        key={editing?.id ?? "new"}
        editing={editing}
        onSaved={() => {
          setEditing(undefined);
          list.reload();
        }}
      />
    </>
  );
}

function AlertForm({ editing, onSaved }: { editing?: Subscription; onSaved(): void }) {
  const { t } = useI18n();
  const [f, setF] = useState<Fields>(editing ? fieldsOf(editing) : EMPTY);
  const [error, setError] = useState<unknown>();
  const problems = fieldProblems(error);
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => setF((old) => ({ ...old, [key]: value }));
  const err = (path: string) => {
    const found = problemAt(problems, path);
    return found ? <FieldError problems={found} /> : undefined;
  };
  async function save(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    const split = (text: string) =>
      text
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
    const body = {
      ...(f.name.trim() && { name: f.name.trim() }),
      keywords: split(f.keywords),
      cpv: f.cpv.map((c) => c.code),
      counties: split(f.counties),
      frequency: f.frequency,
      channels: f.channels,
    };
    try {
      if (editing)
        await unwrap(api.PATCH("/api/v1/subscriptions/{id}", { params: { path: { id: editing.id } }, body }));
      else await unwrap(api.POST("/api/v1/subscriptions", { body }));
      onSaved();
    } catch (caught) {
      setError(caught);
    }
  }
  const toggle = (channel: Channel, on: boolean) =>
    set("channels", on ? [...f.channels, channel] : f.channels.filter((c) => c !== channel));
  return (
    <section aria-labelledby="alert-form-heading">
      <Heading level={2} id="alert-form-heading">
        {editing ? t("flows.alerts.editTitle") : t("flows.alerts.newTitle")}
      </Heading>
      <form noValidate className="mdf-form" onSubmit={(e) => void save(e)}>
        <RequestProblem error={error} fieldIds={IDS} />
        <Textfield
          id="alert-name"
          label={t("flows.alerts.name")}
          value={f.name}
          onChange={(e) => set("name", e.target.value)}
          error={err("name")}
        />
        <Textfield
          id="alert-keywords"
          label={t("flows.alerts.keywords")}
          description={t("flows.alerts.keywordsHint")}
          value={f.keywords}
          onChange={(e) => set("keywords", e.target.value)}
          error={err("keywords")}
        />
        <CodePicker
          id="alert-cpv"
          kind="cpv"
          legend={t("need.cpv")}
          value={f.cpv}
          onChange={(v) => set("cpv", v)}
          error={err("cpv")}
        />
        <Textfield
          id="alert-counties"
          label={t("flows.need.counties")}
          description={t("flows.need.countiesHint")}
          value={f.counties}
          onChange={(e) => set("counties", e.target.value)}
          error={err("counties")}
        />
        <Field>
          <Label htmlFor="alert-frequency">{t("flows.alerts.frequency")}</Label>
          <Select
            id="alert-frequency"
            value={f.frequency}
            onChange={(e) => set("frequency", e.target.value as Frequency)}
          >
            {(["instant", "daily", "weekly"] as const).map((fr) => (
              <Select.Option key={fr} value={fr}>
                {t(`flows.alerts.frequency.${fr}`)}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Fieldset id="alert-channels">
          <Fieldset.Legend>{t("flows.alerts.channels")}</Fieldset.Legend>
          {err("channels") && <ValidationMessage>{err("channels")}</ValidationMessage>}
          {(["inapp", "email"] as const).map((c) => (
            <Checkbox
              key={c}
              label={t(`flows.record.channel.${c}`)}
              checked={f.channels.includes(c)}
              onChange={(e) => toggle(c, e.target.checked)}
            />
          ))}
        </Fieldset>
        <div className="mdf-actions">
          <Button type="submit">{editing ? t("flows.alerts.saveChanges") : t("flows.alerts.save")}</Button>
        </div>
      </form>
    </section>
  );
}

/**
 * Whether e-mail notifications reach the supplier at all: an "Avslutt varsler" link in any e-mail stops
 * them for every alert, and this is the way back without such a link (and another way to stop them).
 */
function EmailStatus() {
  const { t } = useI18n();
  const status = useLoad(() => unwrap(api.GET("/api/v1/email-notifications")), "email-notifications");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  if (!status.data) return <RequestProblem error={status.error} />;
  const { unsubscribed } = status.data;
  const change = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await unwrap(api.PUT("/api/v1/email-notifications", { body: { unsubscribed: !unsubscribed } }));
      status.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="alert-email-heading" className="md-stack">
      <Heading level={2} data-size="xs" id="alert-email-heading">
        {t("flows.alerts.email.title")}
      </Heading>
      <Alert data-color={unsubscribed ? "warning" : "info"} role="status">
        {t(unsubscribed ? "flows.alerts.email.off" : "flows.alerts.email.on")}
      </Alert>
      <RequestProblem error={error} />
      <div>
        <Button variant="secondary" data-size="sm" disabled={busy} onClick={() => void change()}>
          {t(unsubscribed ? "flows.alerts.email.resume" : "flows.alerts.email.stop")}
        </Button>
      </div>
    </section>
  );
}
