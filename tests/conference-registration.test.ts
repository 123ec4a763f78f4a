/**
 * Registrations racing: two real API processes (`node --import tsx services/api/src/main.ts`) on one
 * FerretDB, and 36 organisations registering at once, each over its own connection, half to each process.
 * Then cancellations racing each other, and a process SIGKILLed while registrations are in flight.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import {
  Cancellation,
  LedgerLock,
  Registration,
  Seat,
  type CancellationRecord,
  type RegistrationRecord,
  type SeatRecord,
} from "@markedsdialog/core";
import { ADMIN_TOKEN, startHarness, type Harness } from "./helpers/harness";
import { startProcess, type RunningProcess } from "./helpers/processes";

type Json = Record<string, unknown>;
type Reg = {
  id: string;
  orgId: string;
  status: string;
  pending?: true;
  waitlistNumber?: number;
  participants: { id: string }[];
  history: { at: string; event: string; reason: string }[];
  submittedAt: string;
};

async function call(url: string, method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      // Each request on a connection of its own.
      connection: "close",
      ...(body !== undefined && { "content-type": "application/json" }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
}

const hour = 3_600_000;
const conferenceBody = (capacity: number) => ({
  title: "Dialogkonferanse om utslippsfri anleggsplass",
  venue: "Gardermoen",
  startsAt: new Date(Date.now() + 40 * 24 * hour).toISOString(),
  endsAt: new Date(Date.now() + 40 * 24 * hour + 7 * hour).toISOString(),
  registrationDeadline: new Date(Date.now() + 30 * 24 * hour).toISOString(),
  capacity,
  status: "published",
});

const delegation = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ name: `Deltaker ${tag}-${i + 1}`, email: `d${i + 1}.${tag}@example.no` }));

/**
 * The ledger as stored: what no answer can hide. `afterCrash`: a writer killed between claiming seats and
 * recording them leaves seats of a waitlisted registration, cleared once they are older than 15 s.
 */
async function ledger(conferenceId: string, capacity: number, afterCrash = false) {
  const regs = await Registration.find({ conferenceId }).lean<RegistrationRecord[]>();
  const seats = await Seat.find({ conferenceId }).lean<SeatRecord[]>();
  const registered = regs.filter((r) => r.status === "registered");
  const seated = registered.reduce((sum, r) => sum + r.participants.length, 0);
  const waitlisted = regs.filter((r) => r.status === "waitlisted");
  assert.ok(seated <= capacity, `overbooked: ${seated} seated of ${capacity}`);
  assert.equal(regs.filter((r) => r.status === "pending").length, 0, "every registration is decided");
  assert.equal(new Set(seats.map((s) => s.seat)).size, seats.length);
  assert.ok(seats.every((s) => s.seat >= 1 && s.seat <= capacity));
  const holders = new Map(registered.flatMap((r) => r.participants.map((p) => [p.id, r._id] as const)));
  const held = seats.filter((s) => holders.get(s.participantId) === s.registrationId);
  assert.equal(held.length, seated, "one seat per registered participant");
  const strays = seats.filter((s) => !held.includes(s));
  if (afterCrash) {
    const waiting = new Set(waitlisted.map((w) => w._id));
    assert.ok(
      strays.every((s) => waiting.has(s.registrationId) && s.at.getTime() > Date.now() - 15_000),
      "strays",
    );
  } else assert.deepEqual(strays, [], "no stray seats");
  const free = capacity - seats.length;
  for (const w of waitlisted)
    assert.ok(
      w.participants.length > free,
      `${w._id} (${w.participants.length}) waits although ${free} seats are free`,
    );
  return { regs, registered, waitlisted, seated, free };
}

describe("registrations racing over two API processes: no overbooking, the waiting list in a recorded order", () => {
  let h: Harness;
  const apis: RunningProcess[] = [];
  let urls: string[] = [];
  let organiser: { id: string; token: string };
  const orgs: { id: string; token: string; size: number }[] = [];
  const capacity = 24;
  let conferenceId = "";

  const startApi = async (name: string) => {
    const api = startProcess(name, "services/api/src/main.ts", {
      ...process.env,
      MONGO_DB: h.config.MONGO_DB,
      QUEUE_PREFIX: `conf_${process.pid}_${randomBytes(3).toString("hex")}`,
      MEILI_URL: "",
      ADMIN_TOKEN,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      RATE_LIMIT_WRITES: "0",
    });
    apis.push(api); // killed in after(), also when it never starts
    const line = await api.waitFor((l) => l.msg === "api listening", "api listening");
    return { api, url: String(line["url"]) };
  };

  before(async () => {
    h = await startHarness("confrace", { MEILI_URL: "" });
    organiser = await h.organization("buyer");
    for (let i = 0; i < 36; i++) {
      const org = await h.organization(i % 3 === 0 ? "supplier" : "buyer");
      orgs.push({ ...org, size: 1 + (i % 3) });
    }
    const started = await Promise.all([startApi("api 1"), startApi("api 2")]);
    urls = started.map((s) => s.url);
    const created = await call(urls[0]!, "POST", "/conferences", organiser.token, conferenceBody(capacity));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    conferenceId = String(created.body["id"]);
  });
  after(async () => {
    await Promise.all(apis.map((a) => a.killAll()));
    await h.close();
  });

  it("when 36 organisations (72 people) register at once for 24 seats, then nobody is overbooked and the rest wait in a recorded order", async () => {
    const answers = await Promise.all(
      orgs.map((org, i) =>
        call(urls[i % 2]!, "POST", `/conferences/${conferenceId}/registrations`, org.token, {
          participants: delegation(org.size, org.id),
        }),
      ),
    );
    for (const a of answers) assert.equal(a.status, 201, JSON.stringify(a.body));
    const bodies = answers.map((a) => a.body as unknown as Reg);
    assert.ok(bodies.every((b) => b.pending === undefined && ["registered", "waitlisted"].includes(b.status)));
    const { registered, waitlisted, seated, free } = await ledger(conferenceId, capacity);
    assert.equal(registered.length + waitlisted.length, 36);
    assert.ok(seated >= capacity - 2, `seats are given while delegations fit (${seated} of ${capacity})`);
    assert.ok(free < 3);
    // The recorded order: numbers 1..n without gaps, each named in the registration's history.
    const order = [...waitlisted].sort((a, b) => a.waitlistNo! - b.waitlistNo!);
    assert.deepEqual(
      order.map((w) => w.waitlistNo),
      order.map((_, i) => i + 1),
    );
    // Numbers are given in the order the ledger decided (one pass after another), never changed after.
    const decidedAt = (r: RegistrationRecord) => r.history.find((e) => e.event === "waitlisted")!.at.getTime();
    for (let i = 1; i < order.length; i++) assert.ok(decidedAt(order[i - 1]!) <= decidedAt(order[i]!));
    for (const w of order) {
      assert.equal(w.history.at(-1)!.event, "waitlisted");
      assert.match(w.history.at(-1)!.reason, new RegExp(`Venteliste nr\\. ${w.waitlistNo}\\.$`));
    }
    // Every answer told the truth as stored.
    for (const b of bodies) {
      const stored = [...registered, ...waitlisted].find((r) => r._id === b.id)!;
      assert.equal(b.status, stored.status);
      assert.equal(b.waitlistNumber, stored.waitlistNo);
    }
    const listed = await call(urls[1]!, "GET", `/conferences/${conferenceId}/registrations`, organiser.token);
    assert.equal(listed.body["registeredParticipants"], seated);
    assert.equal(listed.body["seatsLeft"], free);
  });

  it("when one organisation registers twice at once through both processes, then one registration is stored", async () => {
    const org = await h.organization("supplier");
    const body = { participants: delegation(1, `twice-${org.id}`) };
    const answers = await Promise.all(
      urls.map((url) => call(url, "POST", `/conferences/${conferenceId}/registrations`, org.token, body)),
    );
    assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409]);
    const mine = (await Registration.find({ conferenceId }).lean<RegistrationRecord[]>()).filter(
      (r) => r.orgId === org.id,
    );
    assert.equal(mine.length, 1);
  });

  it("when six registered organisations cancel at once, then their seats go to waitlisted delegations that fit, each promotion recorded", async () => {
    const before = await ledger(conferenceId, capacity);
    const leaving = before.registered.slice(0, 6);
    const answers = await Promise.all(
      leaving.map((r, i) => {
        const org = orgs.find((o) => o.id === r.orgId)!;
        return call(urls[i % 2]!, "DELETE", `/conferences/${conferenceId}/registrations`, org.token);
      }),
    );
    for (const a of answers) {
      assert.equal(a.status, 200, JSON.stringify(a.body));
      assert.equal(a.body["status"], "cancelled");
    }
    const afterwards = await ledger(conferenceId, capacity);
    const asked = await Cancellation.find({ conferenceId }).lean<CancellationRecord[]>();
    const firstAsked = Math.min(...asked.map((c) => c.at.getTime()));
    const promoted = afterwards.registered.filter((r) => r.history.some((e) => e.event === "promoted"));
    const freed = leaving.reduce((sum, r) => sum + r.participants.length, 0);
    assert.ok(promoted.length > 0, "someone was promoted");
    assert.ok(afterwards.seated >= before.seated, `the freed ${freed} seats were given on`);
    for (const p of promoted) {
      const event = p.history.find((e) => e.event === "promoted")!;
      assert.ok(event.at.getTime() >= firstAsked, "promoted when a cancellation was applied, at a recorded time");
      assert.match(
        event.reason,
        /^Plass ble ledig etter avmelding fra .+\. Flyttet fra venteliste nr\. \d+ med \d deltakere?\.$/,
      );
      assert.ok(
        before.waitlisted.some((w) => w._id === p._id),
        "only waitlisted registrations are promoted",
      );
    }
    for (const w of afterwards.waitlisted)
      assert.equal(w.waitlistNo, before.waitlisted.find((b) => b._id === w._id)!.waitlistNo, "numbers stay");
    for (const r of leaving) {
      const stored = afterwards.regs.find((x) => x._id === r._id)!;
      assert.deepEqual([stored.status, stored.seats], ["cancelled", []]);
    }
  });

  it("when an API process is SIGKILLed with registrations in flight, then the other decides them all, within capacity", async () => {
    const late = await Promise.all(Array.from({ length: 12 }, () => h.organization("buyer")));
    const inFlight = late.map((org, i) =>
      call(urls[i % 2]!, "POST", `/conferences/${conferenceId}/registrations`, org.token, {
        participants: delegation(1 + (i % 2), org.id),
      }).catch((error: unknown) => ({ status: 0, body: { error: String(error) } as Json })),
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    await apis[0]!.stop("SIGKILL");
    const answers = await Promise.all(inFlight);
    assert.ok(
      answers.some((a) => a.status === 201),
      "the surviving process answered its requests",
    );
    // One more registration through the survivor settles whatever the dead process left (its lock too).
    const last = await h.organization("supplier");
    const res = await call(urls[1]!, "POST", `/conferences/${conferenceId}/registrations`, last.token, {
      participants: delegation(1, last.id),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const { regs } = await ledger(conferenceId, capacity, true);
    const stored = new Set(regs.map((r) => r.orgId));
    for (const [i, a] of answers.entries())
      if (a.status === 201) assert.ok(stored.has(late[i]!.id), "every registration answered 201 is stored");
  });

  it("when a writer died holding the ledger's lock, then the next registration waits until the lock is stale (15 s) and takes it over", async () => {
    // What a process killed inside a pass leaves behind: its lock, nobody to delete it.
    const org = await h.organization("buyer");
    const began = Date.now();
    await LedgerLock.create({ _id: conferenceId, holder: "killed-process", at: new Date(began) });
    const res = await call(urls[1]!, "POST", `/conferences/${conferenceId}/registrations`, org.token, {
      participants: delegation(1, org.id),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.ok(Date.now() - began >= 15_000, "it waited for the lock to go stale");
    assert.equal(await LedgerLock.findById(conferenceId).lean(), null, "the lock is released after the pass");
    await ledger(conferenceId, capacity, true);
  });
});
