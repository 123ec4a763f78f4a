/**
 * Sign-in by a one-time link: /logg-inn asks for the e-mail address (POST /auth/magic-link: 202 whether or
 * not the address is known); the mail's link comes back to /logg-inn?token=…, which verifies it (POST
 * /auth/magic-link/verify sets the HttpOnly session cookie) and goes on to `neste` or the front page.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Alert, Button, Heading, Paragraph, Spinner, Textfield } from "@digdir/designsystemet-react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useAuth, type SessionUser } from "../auth/auth";
import { useI18n } from "../i18n/i18n";

/** Only a path on this site (`/…`, not `//host`) is followed after signing in. */
const safeNext = (next: string | null) => (next && /^\/(?!\/)/.test(next) ? next : "/");

async function post(path: string, body: object): Promise<Response> {
  return fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

export default function SignInPage() {
  const [params] = useSearchParams();
  const token = params.get("token");
  return token ? <Verify token={token} next={safeNext(params.get("neste"))} /> : <RequestLink />;
}

function RequestLink() {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const res = await post("/api/v1/auth/magic-link", { email: email.trim() });
      if (res.status === 202) setSent(email.trim());
      else {
        const problem = (await res.json().catch(() => ({}))) as { errors?: { message: string }[]; detail?: string };
        setError(problem.errors?.[0]?.message ?? problem.detail ?? `HTTP ${res.status}`);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="md-stack">
      <Heading level={1} data-size="lg">
        {t("signIn.title")}
      </Heading>
      <Paragraph className="md-lead">{t("signIn.lead")}</Paragraph>
      {sent ? (
        <Alert data-color="success" role="status">
          {t("signIn.sent", { email: sent })}
        </Alert>
      ) : (
        <form onSubmit={(e) => void submit(e)} className="md-stack" noValidate>
          <Textfield
            label={t("signIn.email")}
            type="email"
            name="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={error}
          />
          <Button type="submit" disabled={busy}>
            {t("signIn.submit")}
          </Button>
        </form>
      )}
    </div>
  );
}

function Verify({ token, next }: { token: string; next: string }) {
  const { t } = useI18n();
  const { accept } = useAuth();
  const navigate = useNavigate();
  const [failed, setFailed] = useState(false);
  const started = useRef(false);
  useEffect(() => {
    // Once: the token works only once, and StrictMode runs effects twice in development.
    if (started.current) return;
    started.current = true;
    void (async () => {
      const res = await post("/api/v1/auth/magic-link/verify", { token });
      if (!res.ok) return setFailed(true);
      const session = (await res.json()) as { user: SessionUser; csrfToken: string };
      accept(session);
      await navigate(next, { replace: true });
    })().catch(() => setFailed(true));
  }, [token, next, accept, navigate]);
  return (
    <div className="md-stack">
      <Heading level={1} data-size="lg">
        {t("signIn.title")}
      </Heading>
      {failed ? (
        <>
          <Alert data-color="danger">{t("signIn.failed")}</Alert>
          <Paragraph>
            <Link to="/logg-inn">{t("signIn.requestNew")}</Link>
          </Paragraph>
        </>
      ) : (
        <Spinner aria-label={t("signIn.verifying")} />
      )}
    </div>
  );
}
