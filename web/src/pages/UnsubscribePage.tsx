/**
 * /avmelding?token=…: where the "Avslutt varsler" link of every notification e-mail leads. Opening it
 * changes nothing (mail scanners follow links); it says whether the supplier gets e-mail notifications,
 * stops them on a button, and can start them again from the same link. Inbox items and webhooks go on
 * either way. Mail clients' one-click unsubscribe (RFC 8058) posts to the API directly, not here.
 */
import { useState } from "react";
import { Alert, Button, Heading, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { useSearchParams } from "react-router";
import { api, ApiError, unwrap, type Schemas } from "../api/client";
import { useLoad } from "../api/use-load";
import { useI18n } from "../i18n/i18n";

type Status = Schemas["Unsubscribe"];

export default function UnsubscribePage() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const path = { params: { path: { token } } };
  const loaded = useLoad(() => unwrap(api.GET("/api/v1/unsubscribe/{token}", path)), token);
  const [changed, setChanged] = useState<Status>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const change = async (unsubscribe: boolean) => {
    setBusy(true);
    setFailure(undefined);
    try {
      setChanged(
        await unwrap(
          unsubscribe ? api.POST("/api/v1/unsubscribe/{token}", path) : api.DELETE("/api/v1/unsubscribe/{token}", path),
        ),
      );
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };
  const title = (
    <Heading level={1} data-size="lg">
      {t("unsubscribe.title")}
    </Heading>
  );
  if (!token || (loaded.error instanceof ApiError && loaded.error.status === 400))
    return (
      <div className="md-stack">
        {title}
        <Alert data-color="danger">{t(token ? "unsubscribe.invalid" : "unsubscribe.missingToken")}</Alert>
      </div>
    );
  if (loaded.error) return <Alert data-color="danger">{t("common.error", { message: loaded.error.message })}</Alert>;
  if (!loaded.data) return <Spinner aria-label={t("common.loading")} />;
  const status = changed ?? loaded.data;
  return (
    <div className="md-stack">
      {title}
      <Alert data-color={status.unsubscribed ? "warning" : "info"} role="status">
        {t(status.unsubscribed ? "unsubscribe.off" : "unsubscribe.on")}
      </Alert>
      <Paragraph>{t("unsubscribe.scope")}</Paragraph>
      {failure && <Alert data-color="danger">{t("common.error", { message: failure })}</Alert>}
      <div>
        <Button
          variant={status.unsubscribed ? "secondary" : "primary"}
          disabled={busy}
          onClick={() => void change(!status.unsubscribed)}
        >
          {t(status.unsubscribed ? "unsubscribe.resume" : "unsubscribe.stop")}
        </Button>
      </div>
    </div>
  );
}
