/**
 * The meeting schedule of a conference (/arrangor/konferanser/:id/moteplan): generate a version, see it as a
 * grid of slots × tables, pick a meeting to lock it where it is or move it to a free place (a lock at the
 * place picked, then a new version keeps it there), unlock, see why requests were not scheduled, publish
 * preliminary or final, and export (schedule.csv, schedule.html).
 */
import { Alert, Button, Heading, Link, Paragraph, Spinner, Table, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { Link as RouterLink, useParams } from "react-router";
import { api, ApiError, unwrap } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { formatDateTime, formatTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { done, RequestProblem } from "../signed-in/problems";
import { scheduleGrid, type Meeting } from "./schedule-grid";

export default function SchedulePage() {
  const { id = "" } = useParams();
  const { t, locale } = useI18n();
  const loaded = useLoad(
    () =>
      Promise.all([
        unwrap(api.GET("/api/v1/conferences/{id}", { params: { path: { id } } })),
        unwrap(api.GET("/api/v1/conferences/{id}/registrations", { params: { path: { id } } })),
        unwrap(api.GET("/api/v1/conferences/{id}/schedule", { params: { path: { id } } })).catch((e: unknown) => {
          if (e instanceof ApiError && e.status === 404) return undefined;
          throw e;
        }),
        unwrap(api.GET("/api/v1/conferences/{id}/schedule/locks", { params: { path: { id } } })),
      ]),
    id,
  );
  const [picked, setPicked] = useState<Meeting | undefined>();
  const [error, setError] = useState<unknown>();
  const [seed, setSeed] = useState("1");
  const [busy, setBusy] = useState(false);
  if (loaded.loading && !loaded.data) return <Spinner aria-label={t("common.loading")} />;
  if (!loaded.data) return <RequestProblem error={loaded.error} />;
  const [conference, registrations, schedule, locks] = loaded.data;
  const names = new Map(registrations.items.map((r) => [r.orgId, r.orgName]));
  const name = (orgId: string) => names.get(orgId) ?? orgId;
  const locked = new Set(locks.items.map((l) => l.requestId));
  const grid = scheduleGrid(conference.meetings, schedule?.meetings ?? []);
  const seedNumber = Number(seed) || 0;
  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      setPicked(undefined);
      loaded.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const generate = () =>
    unwrap(api.POST("/api/v1/conferences/{id}/schedule", { params: { path: { id } }, body: { seed: seedNumber } }));
  const lock = (m: Meeting, place?: { table: string; start: number }) =>
    act(async () => {
      await unwrap(
        api.POST("/api/v1/conferences/{id}/schedule/locks", {
          params: { path: { id } },
          body: {
            requestId: m.requestId,
            ...(place && { table: place.table, start: new Date(place.start).toISOString() }),
          },
        }),
      );
      if (place) await generate();
    });
  const unlock = (m: Meeting) =>
    act(() =>
      done(
        api.DELETE("/api/v1/conferences/{id}/schedule/locks/{requestId}", {
          params: { path: { id, requestId: m.requestId } },
        }),
      ),
    );
  const publish = (final: boolean) =>
    act(() =>
      unwrap(
        api.POST("/api/v1/conferences/{id}/schedule/publish", {
          params: { path: { id } },
          body: { final, ...(schedule && { version: schedule.version }) },
        }),
      ),
    );
  const label = (m: Meeting) => `${name(m.buyerOrgId)} – ${name(m.supplierOrgId)}`;
  return (
    <>
      <Heading level={1}>{t("flows.schedule.title", { title: conference.title })}</Heading>
      <Paragraph>
        <RouterLink to={`/arrangor/konferanser/${id}`}>{t("flows.schedule.back")}</RouterLink>
      </Paragraph>
      <RequestProblem error={error ?? loaded.error} />
      <div className="mdf-actions">
        <Textfield
          label={t("flows.schedule.seed")}
          type="number"
          value={seed}
          onChange={(e) => setSeed(e.target.value)}
          data-size="sm"
        />
        <Button disabled={busy} onClick={() => void act(generate)}>
          {schedule ? t("flows.schedule.regenerate") : t("flows.schedule.generate")}
        </Button>
      </div>
      {!schedule ? (
        <Paragraph>{t("flows.schedule.none")}</Paragraph>
      ) : (
        <>
          <Paragraph data-testid="schedule-summary">
            {t("flows.schedule.summary", {
              version: schedule.version,
              state: t(`flows.schedule.state.${schedule.state}`),
              scheduled: schedule.scheduled,
              bound: schedule.upperBound,
            })}
          </Paragraph>
          {picked && (
            <Alert data-color="info" data-testid="picked">
              <Paragraph>
                {t("flows.schedule.picked", {
                  meeting: label(picked),
                  table: picked.table,
                  time: formatTime(picked.start, locale),
                })}
              </Paragraph>
              <div className="mdf-actions">
                {locked.has(picked.requestId) ? (
                  <Button data-size="sm" disabled={busy} onClick={() => void unlock(picked)}>
                    {t("flows.schedule.unlock")}
                  </Button>
                ) : (
                  <Button data-size="sm" disabled={busy} onClick={() => void lock(picked)}>
                    {t("flows.schedule.lockHere")}
                  </Button>
                )}
                <Button data-size="sm" variant="tertiary" onClick={() => setPicked(undefined)}>
                  {t("flows.schedule.cancelPick")}
                </Button>
              </div>
            </Alert>
          )}
          <div className="mdf-grid-wrap">
            <Table data-testid="schedule-grid" className="mdf-grid">
              <caption>{t("flows.schedule.gridCaption")}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell scope="col">{t("flows.schedule.slot")}</Table.HeaderCell>
                  {grid.tables.map((table) => (
                    <Table.HeaderCell key={table} scope="col">
                      {table}
                    </Table.HeaderCell>
                  ))}
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {grid.slots.map((slot) => (
                  <Table.Row key={slot.start}>
                    <Table.HeaderCell scope="row">
                      {formatTime(slot.start, locale)}–{formatTime(slot.end, locale)}
                    </Table.HeaderCell>
                    {grid.tables.map((table) => {
                      const m = grid.at(table, slot.start);
                      return (
                        <Table.Cell key={table}>
                          {m ? (
                            <Button
                              variant={picked?.requestId === m.requestId ? "primary" : "secondary"}
                              data-size="sm"
                              aria-pressed={picked?.requestId === m.requestId}
                              onClick={() => setPicked(m)}
                            >
                              {label(m)}
                              {locked.has(m.requestId) && ` (${t("flows.schedule.locked")})`}
                            </Button>
                          ) : picked ? (
                            <Button
                              variant="tertiary"
                              data-size="sm"
                              disabled={busy}
                              onClick={() => void lock(picked, { table, start: slot.start })}
                            >
                              {t("flows.schedule.moveHere", { table, time: formatTime(slot.start, locale) })}
                            </Button>
                          ) : (
                            <span className="mdf-muted">{t("flows.schedule.free")}</span>
                          )}
                        </Table.Cell>
                      );
                    })}
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>

          <section aria-labelledby="unscheduled-heading">
            <Heading level={2} id="unscheduled-heading">
              {t("flows.schedule.unscheduled", { count: schedule.unscheduled.length })}
            </Heading>
            {schedule.unscheduled.length === 0 ? (
              <Paragraph>{t("flows.schedule.allScheduled")}</Paragraph>
            ) : (
              <ul data-testid="unscheduled">
                {schedule.unscheduled.map((u) => (
                  <li key={u.requestId}>
                    {t(`flows.schedule.reason.${u.reason}`)}: {u.explanation}
                  </li>
                ))}
              </ul>
            )}
            {(schedule.ignoredLocks ?? []).map((l) => (
              <Paragraph key={l.requestId}>{t("flows.schedule.ignoredLock", { explanation: l.explanation })}</Paragraph>
            ))}
            {schedule.belowMinimum.map((b) => (
              <Paragraph key={b.orgId}>
                {t("flows.schedule.belowMinimum", { org: name(b.orgId), scheduled: b.scheduled, minimum: b.minimum })}
              </Paragraph>
            ))}
          </section>

          <section aria-labelledby="publish-heading">
            <Heading level={2} id="publish-heading">
              {t("flows.schedule.publishTitle")}
            </Heading>
            {schedule.publishedAt && (
              <Paragraph data-testid="published">
                {t("flows.schedule.publishedAt", {
                  state: t(`flows.schedule.state.${schedule.state}`),
                  at: formatDateTime(schedule.publishedAt, locale),
                })}
              </Paragraph>
            )}
            <div className="mdf-actions">
              <Button variant="secondary" disabled={busy} onClick={() => void publish(false)}>
                {t("flows.schedule.publishPreliminary")}
              </Button>
              <Button disabled={busy} onClick={() => void publish(true)}>
                {t("flows.schedule.publishFinal")}
              </Button>
            </div>
            <Paragraph>
              <Link href={`/api/v1/conferences/${id}/schedule.csv`} download data-testid="schedule-csv">
                {t("flows.schedule.csv")}
              </Link>{" "}
              ·{" "}
              <Link href={`/api/v1/conferences/${id}/schedule.html`} target="_blank" data-testid="schedule-html">
                {t("flows.schedule.html")}
              </Link>
            </Paragraph>
          </section>
        </>
      )}
    </>
  );
}
