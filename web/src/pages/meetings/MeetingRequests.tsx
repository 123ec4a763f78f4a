/**
 * The organisation's meeting requests at a conference (GET /meeting-requests?conferenceId=), newest first,
 * each with the other side, who asked, its state and both rankings. Asked by the other side and still open:
 * accept with one's own ranking, or decline. Asked by oneself, open or accepted: withdraw.
 */
import { Button, Heading, Paragraph, Select, Table, Tag } from "@digdir/designsystemet-react";
import { useState } from "react";
import { api, unwrap, type Schemas } from "../../api/client";
import { useI18n } from "../../i18n/i18n";
import { RequestProblem } from "../signed-in/problems";
import { useUser } from "../signed-in/GroupPages";

type Request = Schemas["MeetingRequest"];
type Ranking = NonNullable<Request["buyerRanking"]>;
const RANKINGS: Ranking[] = ["must", "would_like", "no_thanks"];
const COLOURS = { open: "info", accepted: "success", declined: "danger", withdrawn: "neutral" } as const;

export function MeetingRequests(props: { requests: Request[]; names: Map<string, string>; onChanged(): void }) {
  const { t } = useI18n();
  const user = useUser();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function act(call: () => Promise<unknown>) {
    setError(undefined);
    setBusy(true);
    try {
      await call();
      props.onChanged();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  const path = (id: string) => ({ params: { path: { id } } });
  return (
    <section aria-labelledby="requests-heading">
      <Heading level={2} id="requests-heading">
        {t("meetings.requests")}
      </Heading>
      <RequestProblem error={error} />
      {props.requests.length === 0 ? (
        <Paragraph>{t("meetings.none")}</Paragraph>
      ) : (
        <Table data-testid="meeting-requests">
          <caption>{t("meetings.caption")}</caption>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t("flows.meetings.with")}</Table.HeaderCell>
              <Table.HeaderCell>{t("meetings.askedBy")}</Table.HeaderCell>
              <Table.HeaderCell>{t("meetings.state")}</Table.HeaderCell>
              <Table.HeaderCell>{t("meetings.rankings")}</Table.HeaderCell>
              <Table.HeaderCell>{t("meetings.actions")}</Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {props.requests.map((r) => {
              const weAreBuyer = r.buyerOrgId === user.orgId;
              const other = weAreBuyer ? r.supplierOrgId : r.buyerOrgId;
              const name = props.names.get(other) ?? other;
              const ours = weAreBuyer ? r.buyerRanking : r.supplierRanking;
              const theirs = weAreBuyer ? r.supplierRanking : r.buyerRanking;
              const rank = (x: Ranking | undefined) => (x ? t(`flows.meetings.rank.${x}`) : "–");
              return (
                <Table.Row key={r.id} data-request={r.id}>
                  <Table.Cell>{name}</Table.Cell>
                  <Table.Cell>{r.requestedBy === user.orgId ? t("meetings.byUs") : t("meetings.byThem")}</Table.Cell>
                  <Table.Cell>
                    <Tag data-color={COLOURS[r.status]}>{t(`flows.meetings.status.${r.status}`)}</Tag>
                  </Table.Cell>
                  <Table.Cell>{t("meetings.rankingPair", { ours: rank(ours), theirs: rank(theirs) })}</Table.Cell>
                  <Table.Cell>
                    {r.requestedBy !== user.orgId && r.status === "open" && (
                      <Answer
                        name={name}
                        busy={busy}
                        onAccept={(ranking) =>
                          void act(() =>
                            unwrap(
                              api.POST("/api/v1/meeting-requests/{id}/accept", { ...path(r.id), body: { ranking } }),
                            ),
                          )
                        }
                        onDecline={() =>
                          void act(() => unwrap(api.POST("/api/v1/meeting-requests/{id}/decline", path(r.id))))
                        }
                      />
                    )}
                    {r.requestedBy === user.orgId && (r.status === "open" || r.status === "accepted") && (
                      <Button
                        variant="secondary"
                        data-size="sm"
                        disabled={busy}
                        onClick={() => void act(() => unwrap(api.DELETE("/api/v1/meeting-requests/{id}", path(r.id))))}
                      >
                        {t("meetings.withdraw", { org: name })}
                      </Button>
                    )}
                  </Table.Cell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table>
      )}
    </section>
  );
}

function Answer(props: { name: string; busy: boolean; onAccept(r: Ranking): void; onDecline(): void }) {
  const { t } = useI18n();
  const [ranking, setRanking] = useState<Ranking>("would_like");
  return (
    <div className="mdf-actions">
      <Select
        aria-label={t("meetings.yourRanking", { org: props.name })}
        data-size="sm"
        value={ranking}
        onChange={(e) => setRanking(e.target.value as Ranking)}
      >
        {RANKINGS.map((x) => (
          <Select.Option key={x} value={x}>
            {t(`flows.meetings.rank.${x}`)}
          </Select.Option>
        ))}
      </Select>
      <Button data-size="sm" disabled={props.busy} onClick={() => props.onAccept(ranking)}>
        {t("meetings.accept", { org: props.name })}
      </Button>
      <Button variant="secondary" data-size="sm" disabled={props.busy} onClick={props.onDecline}>
        {t("meetings.decline", { org: props.name })}
      </Button>
    </div>
  );
}
