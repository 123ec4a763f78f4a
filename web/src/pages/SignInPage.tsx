/**
 * Sign-in by a one-time link: /logg-inn asks for the e-mail address (POST /auth/magic-link: 202 whether or
 * not the address is known); the mail's link comes back to /logg-inn?token=…, which verifies it (POST
 * /auth/magic-link/verify sets the HttpOnly session cookie) and goes on to `neste` or the front page.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Alert, Button, Heading, Paragraph, Spinner, Textfield } from "@digdir/designsystemet-react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, ApiError, unwrap } from "../api/client";
import { useAuth } from "../auth/auth";
import { useI18n } from "../i18n/i18n";

/** Only a path on this site (`/…`, not `//host`) is followed after signing in. */
const safeNext = (next: string | null | undefined) => (next && /^\/(?!\/)/.test(next) ? next : "/");

// The mailed link does not carry `neste`: where to go is remembered in this browser while the mail travels.
const NEXT_KEY = "markedsdialog.signInNext";
function rememberNext(next: string | null) {
  try {
    if (next) localStorage.setItem(NEXT_KEY, next);
    else localStorage.removeItem(NEXT_KEY);
  } catch {
    // storage unavailable: the front page it is
  }
}
function takeNext(): string | null {
  try {
    const next = localStorage.getItem(NEXT_KEY);
    localStorage.removeItem(NEXT_KEY);
    return next;
  } catch {
    return null;
  }
}

export default function SignInPage() {
  const [params] = useSearchParams();
  const token = params.get("token");
  return token ? <Verify token={token} next={params.get("neste")} /> : <RequestLink next={params.get("neste")} />;
}

function RequestLink({ next }: { next: string | null }) {
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
      await unwrap(api.POST("/api/v1/auth/magic-link", { body: { email: email.trim() } }));
      rememberNext(next);
      setSent(email.trim());
    } catch (failure) {
      const problem = failure instanceof ApiError ? failure.problem : undefined;
      setError(problem?.errors?.[0]?.message ?? (failure instanceof Error ? failure.message : String(failure)));
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

function Verify({ token, next }: { token: string; next: string | null }) {
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
      const session = await unwrap(api.POST("/api/v1/auth/magic-link/verify", { body: { token } }));
      accept(session);
      await navigate(safeNext(next ?? takeNext()), { replace: true });
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
