/**
 * Asking for a one-to-one meeting at a conference: a supplier asks a registered buyer, a buyer a registered
 * supplier, with the asker's ranking and a pitch (POST /conferences/{id}/meeting-requests). The API's
 * field problems stand next to the fields.
 */
import { Alert, Button, Field, Heading, Label, Select, Textfield } from "@digdir/designsystemet-react";
import { useState, type FormEvent } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { useI18n } from "../../i18n/i18n";
import { FieldError, fieldProblems, problemAt, RequestProblem } from "../signed-in/problems";
import { useUser } from "../signed-in/GroupPages";

type Ranking = Schemas["MeetingRequestInput"]["ranking"];

export function AskForm(props: {
  conferenceId: string;
  /** The registered organisations of the other kind. */
  others: Schemas["Registration"][];
  onAsked(r: Schemas["MeetingRequest"]): void;
}) {
  const { t } = useI18n();
  const user = useUser();
  const asBuyer = user.orgKind === "buyer";
  const otherField = asBuyer ? "supplierOrgId" : "buyerOrgId";
  const [other, setOther] = useState("");
  const [ranking, setRanking] = useState<Ranking>("would_like");
  const [pitch, setPitch] = useState("");
  const [error, setError] = useState<unknown>();
  const [sent, setSent] = useState(false);
  const problems = fieldProblems(error);
  const err = (path: string) => {
    const found = problemAt(problems, path);
    return found ? <FieldError problems={found} /> : undefined;
  };
  async function ask(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    setSent(false);
    const sides = asBuyer
      ? { buyerOrgId: user.orgId, supplierOrgId: other }
      : { buyerOrgId: other, supplierOrgId: user.orgId };
    try {
      const written = await unwrap(
        api.POST("/api/v1/conferences/{id}/meeting-requests", {
          params: { path: { id: props.conferenceId } },
          body: { ...sides, ranking, ...(pitch.trim() && { pitch: pitch.trim() }) },
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
          fieldIds={{ [otherField]: "ask-other", pitch: "ask-pitch", ranking: "ask-ranking" }}
        />
        {sent && <Alert data-color="success">{t("flows.meetings.sent")}</Alert>}
        <Field>
          <Label htmlFor="ask-other">{t(asBuyer ? "meetings.supplier" : "flows.meetings.buyer")}</Label>
          <Select id="ask-other" value={other} onChange={(e) => setOther(e.target.value)}>
            <Select.Option value="">{t(asBuyer ? "meetings.pickSupplier" : "flows.meetings.pickBuyer")}</Select.Option>
            {props.others.map((r) => (
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
