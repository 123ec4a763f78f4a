/**
 * Publish a need (/innkjoper/behov/ny) or edit one (/innkjoper/behov/:id/rediger). Validation messages stand
 * next to the fields: the API's problem+json field paths are mapped onto them (need-form.ts). Editing
 * loads the need and how many suppliers it matches now; the latter is the buyer's alone, so someone else
 * opening the page gets the API's 403, shown instead of the form.
 */
import {
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
import { useNavigate, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { DateField } from "../../components/DateFields";
import { useI18n } from "../../i18n/i18n";
import { CodePicker } from "../signed-in/CodePicker";
import { FieldError, fieldProblems, problemAt, RequestProblem } from "../signed-in/problems";
import { emptyNeed, FIELD_PATHS, fieldsOf, needBody, PROCEDURES, type NeedFields } from "./need-form";

const ids = Object.fromEntries(Object.keys(FIELD_PATHS).map((f) => [FIELD_PATHS[f]!, `need-${f}`]));

export default function NeedFormPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const loaded = useLoad(
    async () =>
      id
        ? Promise.all([
            unwrap(api.GET("/api/v1/needs/{id}", { params: { path: { id } } })),
            unwrap(api.GET("/api/v1/needs/{id}/matches", { params: { path: { id }, query: { limit: 1 } } })),
          ])
        : undefined,
    id ?? "new",
  );
  if (id && loaded.loading) return <Spinner aria-label={t("common.loading")} />;
  if (loaded.error)
    return (
      <>
        <Heading level={1}>{t("flows.need.editTitle")}</Heading>
        <RequestProblem error={loaded.error} />
      </>
    );
  const [need, matches] = loaded.data ?? [];
  return (
    <NeedForm
      key={id ?? "new"}
      initial={need ? fieldsOf(need) : emptyNeed()}
      id={id}
      matched={matches?.total}
      version={need?.version}
    />
  );
}

function NeedForm({
  initial,
  id,
  matched,
  version,
}: {
  initial: NeedFields;
  id?: string;
  matched?: number;
  version?: number;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [f, setF] = useState(initial);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const problems = fieldProblems(error);
  const set = <K extends keyof NeedFields>(key: K, value: NeedFields[K]) => setF((old) => ({ ...old, [key]: value }));
  const err = (field: keyof typeof FIELD_PATHS) => {
    const found = problemAt(problems, FIELD_PATHS[field]!);
    return found ? <FieldError problems={found} /> : undefined;
  };
  const text = (field: "title" | "challenge" | "description", multiline = false) => {
    const common = { id: `need-${field}`, label: t(`flows.need.${field}`), value: f[field], error: err(field) };
    return multiline ? (
      <Textfield {...common} multiline rows={4} onChange={(e) => set(field, e.target.value)} />
    ) : (
      <Textfield {...common} onChange={(e) => set(field, e.target.value)} />
    );
  };
  const small = (field: "valueMin" | "valueMax" | "durationMonths" | "municipalities" | "counties", hint?: string) => (
    <Textfield
      id={`need-${field}`}
      label={t(`flows.need.${field}`)}
      description={hint}
      value={f[field]}
      onChange={(e) => set(field, e.target.value)}
      error={err(field)}
      inputMode={field.startsWith("value") || field === "durationMonths" ? "numeric" : undefined}
    />
  );
  const date = (field: "dialogueOpens" | "plannedNotice" | "contractStart") => (
    <DateField
      id={`need-${field}`}
      label={t(`flows.need.${field}`)}
      value={f[field]}
      onChange={(value) => set(field, value)}
      error={err(field)}
    />
  );
  async function save(event: FormEvent<HTMLFormElement>, publish: boolean) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const body = needBody(f);
      const written = id
        ? await unwrap(api.PATCH("/api/v1/needs/{id}", { params: { path: { id } }, body }))
        : await unwrap(api.POST("/api/v1/needs", { body: { ...body, status: publish ? "published" : "draft" } }));
      await navigate(`/innkjoper/behov/${written.id}`, { state: { saved: true } });
    } catch (e) {
      setError(e);
      setSaving(false);
    }
  }
  const submitter = (e: FormEvent<HTMLFormElement>) =>
    ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value === "publish";
  return (
    <>
      <Heading level={1}>{id ? t("flows.need.editTitle") : t("flows.need.newTitle")}</Heading>
      {id && (
        <Paragraph data-testid="matched-now">
          {t("flows.need.version", { version: version ?? 0 })} {t("flows.need.matchedNow", { count: matched ?? 0 })}
        </Paragraph>
      )}
      <form noValidate className="mdf-form" onSubmit={(e) => void save(e, submitter(e))}>
        <RequestProblem error={error} fieldIds={ids} />
        {text("title")}
        {text("challenge", true)}
        {text("description", true)}
        <CodePicker
          id="need-cpv"
          kind="cpv"
          legend={t("flows.need.cpv")}
          value={f.cpv}
          onChange={(cpv) => set("cpv", cpv)}
          error={err("cpv")}
        />
        <Field>
          <Label htmlFor="need-procedure">{t("flows.need.procedure")}</Label>
          <Select
            id="need-procedure"
            value={f.procedure}
            onChange={(e) => set("procedure", e.target.value as NeedFields["procedure"])}
          >
            {PROCEDURES.map((p) => (
              <Select.Option key={p} value={p}>
                {t(`procedure.${p}`)}
              </Select.Option>
            ))}
          </Select>
          {err("procedure") && <ValidationMessage>{err("procedure")}</ValidationMessage>}
        </Field>
        <Fieldset>
          <Fieldset.Legend>{t("flows.need.where")}</Fieldset.Legend>
          {small("municipalities", t("flows.need.municipalitiesHint"))}
          {small("counties", t("flows.need.countiesHint"))}
        </Fieldset>
        <Fieldset>
          <Fieldset.Legend>{t("flows.need.value")}</Fieldset.Legend>
          {small("valueMin")}
          {small("valueMax")}
        </Fieldset>
        <Fieldset>
          <Fieldset.Legend>{t("flows.need.timeline")}</Fieldset.Legend>
          {date("dialogueOpens")}
          {date("plannedNotice")}
          {date("contractStart")}
          {small("durationMonths")}
        </Fieldset>
        <Fieldset>
          <Fieldset.Legend>{t("flows.need.marks")}</Fieldset.Legend>
          <Checkbox
            label={t("search.smeSuitable")}
            checked={f.smeSuitable}
            onChange={(e) => set("smeSuitable", e.target.checked)}
          />
          <Checkbox
            label={t("search.innovation")}
            checked={f.innovation}
            onChange={(e) => set("innovation", e.target.checked)}
          />
          <Checkbox
            label={t("search.sustainability")}
            checked={f.sustainability}
            onChange={(e) => set("sustainability", e.target.checked)}
          />
        </Fieldset>
        <div className="mdf-actions">
          {id ? (
            <Button type="submit" value="save" disabled={saving}>
              {t("flows.need.save")}
            </Button>
          ) : (
            <>
              <Button type="submit" value="publish" disabled={saving}>
                {t("flows.need.publish")}
              </Button>
              <Button type="submit" value="draft" variant="secondary" disabled={saving}>
                {t("flows.need.saveDraft")}
              </Button>
            </>
          )}
        </div>
      </form>
    </>
  );
}
