/**
 * One of the organiser's conferences (/arrangor/konferanser/:id): publishing it, the registrations and the
 * waiting list, cancelling a registration, and the fair reduction of delegations (a plan shown first, then
 * applied exactly as shown). The meeting schedule has its own page.
 */
import { Alert, Button, Heading, Paragraph, Spinner, Table, Tag } from "@digdir/designsystemet-react";
import { useState } from "react";
import { Link as RouterLink, useParams } from "react-router";
import { api, unwrap, type Schemas } from "../../api/client";
import { useLoad } from "../../api/use-load";
import { formatDateTime } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { done, RequestProblem } from "../signed-in/problems";

export default function ConferenceAdminPage() {
  const { id = "" } = useParams();
  const { t, locale } = useI18n();
  const loaded = useLoad(
    () =>
      Promise.all([
        unwrap(api.GET("/api/v1/conferences/{id}", { params: { path: { id } } })),
        unwrap(api.GET("/api/v1/conferences/{id}/registrations", { params: { path: { id } } })),
      ]),
    id,
  );
  const [error, setError] = useState<unknown>();
  const [plan, setPlan] = useState<Schemas["ReductionPlanWritten"] | undefined>();
  if (loaded.loading && !loaded.data) return <Spinner aria-label={t("common.loading")} />;
  if (!loaded.data) return <RequestProblem error={loaded.error} />;
  const [conference, registrations] = loaded.data;
  const act = async (work: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await work();
      loaded.reload();
    } catch (e) {
      setError(e);
    }
  };
  const waitlisted = registrations.items
    .filter((r) => r.status === "waitlisted")
    .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
  const registered = registrations.items.filter((r) => r.status === "registered");
  return (
    <>
      <Heading level={1}>{conference.title}</Heading>
      <Paragraph>
        <Tag>{t(`flows.conference.status.${conference.status}`)}</Tag> {formatDateTime(conference.startsAt, locale)} ·{" "}
        {conference.venue} ·{" "}
        {t("conference.seats", { left: registrations.seatsLeft, capacity: registrations.capacity })}
      </Paragraph>
      <Paragraph>
        {conference.meetings && (
          <RouterLink to={`/arrangor/konferanser/${id}/moteplan`}>{t("flows.schedule.open")}</RouterLink>
        )}{" "}
        · <RouterLink to={`/konferanser/${id}`}>{t("flows.conference.publicPage")}</RouterLink>
      </Paragraph>
      <RequestProblem error={error ?? loaded.error} />
      {conference.status === "draft" && (
        <Button
          onClick={() =>
            void act(() =>
              unwrap(
                api.PATCH("/api/v1/conferences/{id}", { params: { path: { id } }, body: { status: "published" } }),
              ),
            )
          }
        >
          {t("flows.conference.publish")}
        </Button>
      )}

      <section aria-labelledby="registrations-heading">
        <Heading level={2} id="registrations-heading">
          {t("flows.registrations.title", { count: registered.length })}
        </Heading>
        <RegistrationTable
          caption={t("flows.registrations.caption")}
          items={registered}
          onCancel={(r) =>
            void act(() =>
              done(
                api.DELETE("/api/v1/conferences/{id}/registrations", {
                  params: { path: { id }, query: { orgId: r.orgId } },
                }),
              ),
            )
          }
        />
      </section>

      <section aria-labelledby="waitlist-heading">
        <Heading level={2} id="waitlist-heading">
          {t("flows.waitlist.title", { count: waitlisted.length })}
        </Heading>
        {waitlisted.length === 0 ? (
          <Paragraph>{t("flows.waitlist.none")}</Paragraph>
        ) : (
          <RegistrationTable caption={t("flows.waitlist.caption")} items={waitlisted} waitlist />
        )}
        <Paragraph>{t("flows.reduce.lead")}</Paragraph>
        <Button
          variant="secondary"
          onClick={() =>
            void act(async () =>
              setPlan(
                await unwrap(
                  api.POST("/api/v1/conferences/{id}/reduce", { params: { path: { id } }, body: { apply: false } }),
                ),
              ),
            )
          }
        >
          {t("flows.reduce.plan")}
        </Button>
        {plan && (
          <div data-testid="reduction-plan">
            <Alert data-color={plan.applied ? "success" : "info"}>{plan.summary}</Alert>
            {plan.cuts.length > 0 && (
              <ul>
                {plan.cuts.map((c) => (
                  <li key={c.participantId}>
                    {t("flows.reduce.cut", {
                      name: c.participantName,
                      org: c.orgName,
                      before: c.delegationBefore,
                      after: c.delegationAfter,
                    })}
                  </li>
                ))}
              </ul>
            )}
            {!plan.applied && plan.cuts.length > 0 && (
              <Button
                onClick={() =>
                  void act(async () =>
                    setPlan(
                      await unwrap(
                        api.POST("/api/v1/conferences/{id}/reduce", {
                          params: { path: { id } },
                          body: { apply: true, planId: plan.planId },
                        }),
                      ),
                    ),
                  )
                }
              >
                {t("flows.reduce.apply")}
              </Button>
            )}
          </div>
        )}
      </section>
    </>
  );
}

function RegistrationTable(props: {
  caption: string;
  items: Schemas["Registration"][];
  waitlist?: boolean;
  onCancel?(r: Schemas["Registration"]): void;
}) {
  const { t, locale } = useI18n();
  if (props.items.length === 0) return <Paragraph>{t("flows.registrations.none")}</Paragraph>;
  return (
    <Table data-testid={props.waitlist ? "waitlist" : "registrations"}>
      <caption>{props.caption}</caption>
      <Table.Head>
        <Table.Row>
          {props.waitlist && <Table.HeaderCell>{t("flows.waitlist.position")}</Table.HeaderCell>}
          <Table.HeaderCell>{t("flows.registrations.org")}</Table.HeaderCell>
          <Table.HeaderCell>{t("flows.registrations.participants")}</Table.HeaderCell>
          <Table.HeaderCell>{t("flows.registrations.submitted")}</Table.HeaderCell>
          {props.onCancel && <Table.HeaderCell>{t("flows.registrations.actions")}</Table.HeaderCell>}
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {props.items.map((r) => (
          <Table.Row key={r.id}>
            {props.waitlist && <Table.Cell>{r.waitlistPosition}</Table.Cell>}
            <Table.Cell>{r.orgName}</Table.Cell>
            <Table.Cell>{r.participants.map((p) => p.name).join(", ")}</Table.Cell>
            <Table.Cell>{formatDateTime(r.submittedAt, locale)}</Table.Cell>
            {props.onCancel && (
              <Table.Cell>
                <Button variant="tertiary" data-size="sm" onClick={() => props.onCancel!(r)}>
                  {t("flows.registrations.cancel", { org: r.orgName })}
                </Button>
              </Table.Cell>
            )}
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}
