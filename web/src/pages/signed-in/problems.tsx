/**
 * What went wrong with a request, shown where it belongs: the API's problem+json field paths
 * (`body.estimatedValueNok.min`, `body.cpv.1`) mapped onto the form's fields, the rest (403, 404, 409)
 * as one alert. The API words its reasons in English; they are shown marked as such after a Norwegian lead.
 */
import { Alert, ErrorSummary, Heading, Paragraph } from "@digdir/designsystemet-react";
import type { ReactNode } from "react";
import { ApiError } from "../../api/client";
import { useI18n } from "../../i18n/i18n";

export interface FieldProblem {
  path: string;
  message: string;
}

/** A call answered without a body (204): an ApiError unless it succeeded. */
export async function done(call: Promise<{ error?: unknown; response: Response }>): Promise<void> {
  const { error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, (error ?? {}) as ApiError["problem"]);
}

/** The field problems of a failed write, without the `body.` part. */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  return (error.problem.errors ?? []).map((e) => ({
    path: e.path.replace(/^(body|query|params)\./, ""),
    message: e.message,
  }));
}

/** The message for a form field: problems at its path or inside it (`cpv` gets `cpv.1`). */
export function problemAt(problems: FieldProblem[], ...paths: string[]): string | undefined {
  const found = problems.filter((p) => paths.some((path) => p.path === path || p.path.startsWith(`${path}.`)));
  return found.length ? found.map((p) => p.message).join("; ") : undefined;
}

/** The Norwegian lead and the API's reason, for a field's `error`. */
export function FieldError({ message }: { message: string | undefined }): ReactNode {
  const { t, lang } = useI18n();
  if (!message) return undefined;
  return (
    <>
      {t("flows.fieldInvalid")} <span lang={lang === "en" ? undefined : "en"}>({message})</span>
    </>
  );
}

/** The alert for a failed request: no access, not found, a conflict, or the list of fields to fix. */
export function RequestProblem({ error, fieldIds = {} }: { error: unknown; fieldIds?: Record<string, string> }) {
  const { t } = useI18n();
  if (!error) return null;
  const status = error instanceof ApiError ? error.status : 0;
  const fields = fieldProblems(error);
  if (fields.length) {
    return (
      <ErrorSummary data-testid="error-summary">
        <ErrorSummary.Heading>{t("flows.fixFields")}</ErrorSummary.Heading>
        <ErrorSummary.List>
          {fields.map((f) => {
            const id = fieldIds[topField(f.path, fieldIds)];
            return (
              <ErrorSummary.Item key={f.path}>
                <ErrorSummary.Link href={`#${id ?? ""}`}>
                  {labelOf(id) ?? f.path}: <span lang="en">{f.message}</span>
                </ErrorSummary.Link>
              </ErrorSummary.Item>
            );
          })}
        </ErrorSummary.List>
      </ErrorSummary>
    );
  }
  const key =
    status === 403
      ? "flows.forbidden"
      : status === 404
        ? "flows.notFound"
        : status === 409
          ? "flows.conflict"
          : "flows.failed";
  return (
    <Alert data-color="danger" role="alert" data-testid="request-problem">
      <Heading level={2} data-size="xs">
        {t(`${key}.title`)}
      </Heading>
      <Paragraph>
        {t(`${key}.text`)}
        {error instanceof Error && error.message && (
          <>
            {" "}
            <span lang="en">({error.message})</span>
          </>
        )}
      </Paragraph>
    </Alert>
  );
}

/** The visible name of the form field with this id: its label, or its fieldset's legend. */
function labelOf(id: string | undefined): string | undefined {
  const element = id ? document.getElementById(id) : null;
  if (!element) return undefined;
  if (element instanceof HTMLFieldSetElement) return element.querySelector("legend")?.textContent ?? undefined;
  const labels = (element as HTMLInputElement).labels;
  return labels?.[0]?.textContent ?? undefined;
}

/** The longest field path of the form that the problem's path is at or inside. */
function topField(path: string, fieldIds: Record<string, string>): string {
  let best = "";
  for (const field of Object.keys(fieldIds)) {
    if ((path === field || path.startsWith(`${field}.`)) && field.length > best.length) best = field;
  }
  return best;
}
