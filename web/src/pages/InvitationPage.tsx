/** /invitasjon?token=…: a colleague's invitation accepted (name, optional password), then signed in. */
import { useState, type FormEvent } from "react";
import { Alert, Button, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useNavigate, useSearchParams } from "react-router";
import { api, ApiError, unwrap } from "../api/client";
import { useAuth } from "../auth/auth";
import { useI18n } from "../i18n/i18n";

export default function InvitationPage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const { accept } = useAuth();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFailure(undefined);
    try {
      const session = await unwrap(
        api.POST("/api/v1/auth/invitations/accept", {
          body: { token, ...(name.trim() && { name: name.trim() }), ...(password && { password }) },
        }),
      );
      accept(session);
      await navigate("/", { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.problem.errors?.length)
        setErrors(Object.fromEntries(error.problem.errors.map((x) => [x.path, x.message])));
      else setFailure(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <div className="md-stack">
      <Heading level={1} data-size="lg">
        {t("invite.title")}
      </Heading>
      {!token ? (
        <Alert data-color="danger">{t("invite.missingToken")}</Alert>
      ) : (
        <>
          <Paragraph className="md-lead">{t("invite.lead")}</Paragraph>
          <form onSubmit={(e) => void submit(e)} className="md-stack" noValidate>
            <Textfield
              label={t("invite.name")}
              autoComplete="name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={errors["body.name"]}
            />
            <Textfield
              label={t("invite.password")}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              error={errors["body.password"]}
            />
            {(failure || errors["body.token"]) && (
              <Alert data-color="danger">{t("common.error", { message: failure ?? errors["body.token"] ?? "" })}</Alert>
            )}
            <Button type="submit">{t("invite.submit")}</Button>
          </form>
        </>
      )}
    </div>
  );
}
