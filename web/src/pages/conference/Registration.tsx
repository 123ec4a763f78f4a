/**
 * Registering one's organisation: signed-in people name the participant (themselves by default); the
 * API's field errors are shown at their fields. Anonymous readers are sent to sign in and back.
 */
import { useState, type FormEvent } from "react";
import { Alert, Button, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { Link } from "react-router";
import { api, ApiError, unwrap, type Schemas } from "../../api/client";
import { useAuth } from "../../auth/auth";
import { useI18n } from "../../i18n/i18n";

export function Registration({ conference }: { conference: Schemas["Conference"] }) {
  const { t } = useI18n();
  const { state, user } = useAuth();
  const [name, setName] = useState(user?.name ?? "");
  const [email, setEmail] = useState(user?.email ?? "");
  const [result, setResult] = useState<"registered" | "waitlisted" | undefined>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(undefined);
    try {
      const written = await unwrap(
        api.POST("/api/v1/conferences/{id}/registrations", {
          params: { path: { id: conference.id } },
          body: { participants: [{ name: name || (user?.name ?? ""), email: email || (user?.email ?? "") }] },
        }),
      );
      setResult(written.status === "waitlisted" ? "waitlisted" : "registered");
    } catch (error) {
      if (error instanceof ApiError && error.problem.errors?.length) {
        setErrors(Object.fromEntries(error.problem.errors.map((x) => [x.path, x.message])));
      } else setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="conference-register" className="md-stack">
      <Heading level={2} data-size="sm" id="conference-register">
        {t("conference.register")}
      </Heading>
      {!conference.registrationOpen ? (
        <Paragraph>{t("conference.registrationClosed")}</Paragraph>
      ) : state.status !== "signed-in" ? (
        <Paragraph>
          <Link to={`/logg-inn?neste=${encodeURIComponent(`/konferanser/${conference.id}`)}`}>
            {t("conference.registerSignIn")}
          </Link>
        </Paragraph>
      ) : result ? (
        <Alert data-color="success">
          {t(result === "waitlisted" ? "conference.waitlisted" : "conference.registered")}
        </Alert>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="md-stack" noValidate>
          <Textfield
            label={t("pipeline.col.name")}
            value={name}
            autoComplete="name"
            onChange={(e) => setName(e.target.value)}
            error={errors["body.participants.0.name"]}
          />
          <Textfield
            label={t("signIn.email")}
            type="email"
            value={email}
            autoComplete="email"
            onChange={(e) => setEmail(e.target.value)}
            error={errors["body.participants.0.email"]}
          />
          {failure && <Alert data-color="danger">{t("common.error", { message: failure })}</Alert>}
          <Button type="submit" disabled={busy}>
            {t("conference.register")}
          </Button>
        </form>
      )}
    </section>
  );
}
