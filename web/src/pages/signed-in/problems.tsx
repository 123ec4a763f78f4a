/**
 * What went wrong with a request, shown where it belongs: the API's problem+json field paths
 * (`body.estimatedValueNok.min`, `body.cpv.1`) mapped onto the form's fields, the rest (403, 404, 409)
 * as one alert. The API words its reasons in English and names the common kinds by `code` (required, too
 * long, unknown CPV, …): those are worded from the message files (fields.nb.ts), the others shown in English
 * after a Norwegian lead.
 */
import { Alert, ErrorSummary, Heading, Paragraph } from "@digdir/designsystemet-react";
import type { ReactNode } from "react";
import { ApiError, type FieldIssue } from "../../api/client";
import { useI18n, type Translate } from "../../i18n/i18n";

/** A field's problem, its path without the `body.` part. */
export type FieldProblem = FieldIssue;

/** A call answered without a body (204): an ApiError unless it succeeded. */
export async function done(call: Promise<{ error?: unknown; response: Response }>): Promise<void> {
  const { error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, (error ?? {}) as ApiError["problem"]);
}

/** The field problems of a failed write, without the `body.` part. */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  return (error.problem.errors ?? []).map((e) => ({ ...e, path: e.path.replace(/^(body|query|params)\./, "") }));
}

/** The problems for a form field: at its path or inside it (`cpv` gets `cpv.1`); undefined when none. */
export function problemAt(problems: FieldProblem[], ...paths: string[]): FieldProblem[] | undefined {
  const found = problems.filter((p) => paths.some((path) => p.path === path || p.path.startsWith(`${path}.`)));
  return found.length ? found : undefined;
}

/** The problem in the reader's language when the API named its kind, or undefined (the English reason stands). */
export function problemText(problem: FieldProblem, t: Translate): string | undefined {
  if (!problem.code || problem.code === "invalid") return undefined;
  const { minimum, maximum } = problem;
  return t(`field.${problem.code}`, {
    ...(minimum !== undefined && { minimum }),
    ...(maximum !== undefined && { maximum }),
  });
}

/** A field's `error`: each problem worded in the reader's language, or a lead and the API's English reason. */
export function FieldError({ problems }: { problems: FieldProblem[] | undefined }): ReactNode {
  const { t, lang } = useI18n();
  if (!problems?.length) return undefined;
  const english = lang === "en" ? undefined : "en";
  return problems.map((p, i) => {
    const text = problemText(p, t);
    return (
      <span key={`${p.path}-${i}`}>
        {i > 0 && "; "}
        {text ?? (
          <>
            {t("flows.fieldInvalid")} <span lang={english}>({p.message})</span>
          </>
        )}
      </span>
    );
  });
}

/** The alert for a failed request: no access, not found, a conflict, or the list of fields to fix. */
export function RequestProblem({ error, fieldIds = {} }: { error: unknown; fieldIds?: Record<string, string> }) {
  const { t, lang } = useI18n();
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
            const text = problemText(f, t);
            return (
              <ErrorSummary.Item key={f.path}>
                <ErrorSummary.Link href={`#${id ?? ""}`}>
                  {labelOf(id) ?? f.path}: {text ?? <span lang={lang === "en" ? undefined : "en"}>{f.message}</span>}
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
