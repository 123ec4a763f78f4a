/**
 * Two orderings the fan-out keeps: a change fanned out while the need's first version is still being fanned
 * out reaches everyone told of that version (it waits for it), and a delivery waiting in its batch behind a
 * slow webhook is not taken for abandoned by a replay (its record names its batch job). Real worker, a real
 * HTTP receiver on loopback that holds its answers until released.
 */
import assert from "node:assert/strict";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { DeliveryEntry, type DeliveryRecord } from "@markedsdialog/core";
import { ADMIN_TOKEN, bearer, eventually, needBody, startHarness, type Harness } from "./helpers/harness";

const SUPPLIERS = 150;

/** A webhook receiver that records each request's delivery id and holds every answer until released. */
async function heldReceiver() {
  const deliveryIds: string[] = [];
  const held: ServerResponse[] = [];
  let released = false;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      deliveryIds.push(String(req.headers["x-markedsdialog-delivery"]));
      if (released) res.writeHead(204).end();
      else held.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    deliveryIds,
    release() {
      released = true;
      for (const res of held.splice(0)) res.writeHead(204).end();
    },
    stop: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe("when notifications of one need overlap, then each is still told once and in order", () => {
  let h: Harness;
  let buyer: { token: string };
  let receiver: Awaited<ReturnType<typeof heldReceiver>>;

  before(async () => {
    receiver = await heldReceiver();
    h = await startHarness(
      "notify_order",
      {
        MEILI_URL: "",
        WEBHOOK_ALLOW_NETWORKS: "127.0.0.0/8",
        WEBHOOK_TIMEOUT_MS: "60000",
        DELIVERY_ABANDONED_MS: "1000",
      },
      { workers: true },
    );
    buyer = await h.organization("buyer");
  });
  after(async () => {
    receiver.release();
    await h.close();
    await receiver.stop();
  });

  const subscribe = async (body: Record<string, unknown>) => {
    const s = await h.organization("supplier");
    const res = await h.http
      .post("/api/v1/subscriptions")
      .set(...bearer(s.token))
      .send({ frequency: "instant", ...body });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return s;
  };

  it("when a need changes while its publication is still being fanned out, then everyone told of it gets the change, written after the whole first ledger", async () => {
    const suppliers: { id: string; token: string }[] = [];
    for (let i = 0; i < SUPPLIERS; i += 10)
      suppliers.push(
        ...(await Promise.all(Array.from({ length: 10 }, () => subscribe({ channels: ["inapp"], cpv: ["90620000"] })))),
      );
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", title: "Brøyting av kommunale plasser" }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const needId = res.body.id as string;
    // At once: the first version's fan-out is under way. The new CPV matches nobody, so the change reaches
    // exactly those told of the first version, through its ledger.
    const patch = await h.http
      .patch(`/api/v1/needs/${needId}`)
      .set(...bearer(buyer.token))
      .send({ cpv: ["71000000"] });
    assert.equal(patch.status, 200, JSON.stringify(patch.body));
    const version = patch.body.version as number;
    assert.ok(version > 1);

    const rows = await eventually(
      () => DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>(),
      (all) => all.filter((d) => d.state === "sent").length === SUPPLIERS * 2,
      60_000,
    );
    const of = (v: number) => rows.filter((d) => d.needVersion === v);
    assert.deepEqual(
      of(version)
        .map((d) => d.supplierId)
        .sort(),
      suppliers.map((s) => s.id).sort(),
      "every supplier told of the publication is told of the change",
    );
    assert.equal(of(1).length, SUPPLIERS);
    assert.equal(rows.length, SUPPLIERS * 2, "nothing else, nothing twice");
    const lastOfFirst = Math.max(...of(1).map((d) => new Date(d.createdAt).getTime()));
    const firstOfChange = Math.min(...of(version).map((d) => new Date(d.createdAt).getTime()));
    assert.ok(firstOfChange >= lastOfFirst, "the change's ledger is written after the whole first one");

    const report = await h.http.get(`/api/v1/needs/${needId}/notifications`).set(...bearer(buyer.token));
    assert.equal(report.status, 200);
    assert.equal(report.body.items.length, SUPPLIERS * 2);
    const someone = suppliers[SUPPLIERS - 1]!;
    const inbox = await h.http.get("/api/v1/inbox").set(...bearer(someone.token));
    const items = (inbox.body.items as { needId: string; kind: string }[]).filter((i) => i.needId === needId);
    assert.deepEqual(items.map((i) => i.kind).sort(), ["changed", "published"]);
  });

  it("when a delivery waits in its batch behind a slow webhook, then a replay is refused as pending and it is sent once", async () => {
    const a = await subscribe({ channels: ["webhook"], cpv: ["50000000"], webhookUrl: receiver.url });
    const b = await subscribe({ channels: ["webhook"], cpv: ["50000000"], webhookUrl: receiver.url });
    const res = await h.http
      .post("/api/v1/needs")
      .set(...bearer(buyer.token))
      .send(needBody({ status: "published", cpv: ["50000000"], title: "Vedlikehold av heiser" }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const needId = res.body.id as string;
    // One batch of both: the first request is held open, the other record waits behind it.
    await eventually(
      async () => receiver.deliveryIds.length,
      (n) => n >= 1,
      30_000,
    );
    const rows = await DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>();
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!.job, rows[1]!.job, "both records name the one batch job");
    const waiting = rows.find((d) => d._id !== receiver.deliveryIds[0])!;
    const owner = [a, b].find((s) => s.id === waiting.supplierId)!;
    assert.equal(waiting.state, "pending");
    // Longer than DELIVERY_ABANDONED_MS untouched: only its job, still running, says it is not abandoned.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const token of [owner.token, ADMIN_TOKEN]) {
      const replay = await h.http.post(`/api/v1/deliveries/${waiting._id}/replay`).set(...bearer(token));
      assert.equal(replay.status, 409, JSON.stringify(replay.body));
      assert.match(replay.headers["content-type"] ?? "", /problem\+json/);
    }

    receiver.release();
    await eventually(
      () => DeliveryEntry.find({ needId }).lean<DeliveryRecord[]>(),
      (all) => all.every((d) => d.state === "sent"),
      30_000,
    );
    const got = receiver.deliveryIds.filter((id) => rows.some((d) => d._id === id)).sort();
    assert.deepEqual(got, rows.map((d) => d._id).sort(), "each delivered once");
    const after = await h.http.get(`/api/v1/deliveries/${waiting._id}`).set(...bearer(owner.token));
    assert.equal(after.body.state, "sent");
    assert.deepEqual(after.body.replays, []);
  });
});
