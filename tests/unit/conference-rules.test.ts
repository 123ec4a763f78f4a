/** The conference rules that are pure functions: the fair reduction, the discussion groups, Oslo times. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { planReduction, type Delegation } from "@markedsdialog/core/conferences/reduce";
import { assignGroups, type GroupParticipant } from "@markedsdialog/core/conferences/groups";
import { osloIso } from "@markedsdialog/core/conferences/times";
import { randomSource } from "./random";

const delegation = (name: string, size: number, status: Delegation["status"]): Delegation => ({
  registrationId: `r-${name}`,
  orgId: `org-${name}`,
  orgName: name,
  status,
  participants: Array.from({ length: size }, (_, i) => ({ id: `${name}${i + 1}`, name: `${name} ${i + 1}` })),
});

function randomDelegations(seed: number) {
  const random = randomSource(seed);
  const capacity = 1 + random.int(40);
  const registered: Delegation[] = [];
  let seated = 0;
  for (let i = 0; seated < capacity; i++) {
    const size = Math.min(1 + random.int(8), capacity - seated);
    registered.push(delegation(`R${i}`, size, "registered"));
    seated += size;
    if (random.next() < 0.2) break;
  }
  const waitlisted = Array.from({ length: random.int(12) }, (_, i) =>
    delegation(`W${i}`, 1 + random.int(8), "waitlisted"),
  );
  return { capacity, delegations: [...registered, ...waitlisted] };
}

describe("conferences: the fair reduction", () => {
  it("when the county meeting is over capacity, then it trims round-robin from the largest delegations, the latest registered first on a tie", () => {
    const plan = planReduction(10, [
      delegation("A", 5, "registered"),
      delegation("B", 4, "registered"),
      delegation("C", 1, "registered"),
      delegation("D", 3, "waitlisted"),
      delegation("E", 2, "waitlisted"),
    ]);
    assert.deepEqual(
      plan.cuts.map((c) => [c.round, c.participantId, c.delegationBefore, c.delegationAfter]),
      [
        [1, "A5", 5, 4],
        [2, "B4", 4, 3],
        [2, "A4", 4, 3],
        [3, "D3", 3, 2],
        [3, "B3", 3, 2],
      ],
    );
    assert.deepEqual(
      plan.admitted.map((a) => [a.orgName, a.participants]),
      [
        ["D", 2],
        ["E", 2],
      ],
    );
    assert.equal(plan.limitPerOrganisation, 3);
    assert.equal(plan.rounds, 3);
    assert.match(plan.cuts[0]!.reason, /^Runde 1: A hadde 5 deltakere.*A 5 står sist på organisasjonens liste\.$/);
    assert.match(plan.cuts[1]!.reason, /trekkes det først fra den som meldte seg på sist/);
    assert.match(plan.summary, /^2 av 2 organisasjoner på ventelisten får plass\. 5 deltakere tas ut over 3 runder/);
  });

  it("when there are more organisations than seats, then each registered keeps one and the waiting list is admitted in its order", () => {
    const plan = planReduction(3, [
      delegation("A", 2, "registered"),
      delegation("B", 1, "registered"),
      delegation("C", 1, "waitlisted"),
      delegation("D", 1, "waitlisted"),
    ]);
    assert.deepEqual(
      plan.cuts.map((c) => c.participantId),
      ["A2"],
    );
    assert.deepEqual(
      plan.admitted.map((a) => a.orgName),
      ["C"],
    );
    assert.deepEqual(
      plan.stillWaitlisted.map((w) => w.orgName),
      ["D"],
    );
  });

  it("when nobody waits, then nothing is cut", () => {
    const plan = planReduction(4, [delegation("A", 4, "registered")]);
    assert.deepEqual([plan.cuts, plan.admitted, plan.rounds], [[], [], 0]);
    assert.equal(plan.summary, "Ingen står på ventelisten: ingen reduksjon trengs.");
  });

  it("on 500 generated conferences: as many organisations as seats allow, within capacity, max-min fair, last-listed cut, deterministic", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const { capacity, delegations } = randomDelegations(seed);
      const plan = planReduction(capacity, delegations);
      assert.deepEqual(planReduction(capacity, structuredClone(delegations)), plan, `seed ${seed}: deterministic`);
      const registered = delegations.filter((d) => d.status === "registered");
      const expectedOrgs = Math.min(delegations.length, capacity);
      assert.equal(registered.length + plan.admitted.length, expectedOrgs, `seed ${seed}: organisations admitted`);
      const final = new Map<string, number>();
      for (const d of [...registered, ...delegations.slice(registered.length, expectedOrgs)])
        final.set(d.registrationId, d.participants.length);
      for (const c of plan.cuts) final.set(c.registrationId, final.get(c.registrationId)! - 1);
      const total = [...final.values()].reduce((a, b) => a + b, 0);
      if (plan.admitted.length > 0) assert.ok(total <= capacity, `seed ${seed}: ${total} within ${capacity}`);
      if (plan.cuts.length > 0) assert.equal(total, capacity, `seed ${seed}: no seat left empty by cutting too much`);
      const largest = Math.max(...final.values());
      for (const c of plan.cuts) {
        const left = final.get(c.registrationId)!;
        assert.ok(left >= 1, `seed ${seed}: nobody cut to zero`);
        assert.ok(left >= largest - 1, `seed ${seed}: a cut delegation ends within one of the largest`);
      }
      for (const d of delegations) {
        const cut = plan.cuts.filter((c) => c.registrationId === d.registrationId).map((c) => c.participantId);
        const last = d.participants.slice(d.participants.length - cut.length).map((p) => p.id);
        assert.deepEqual(cut.sort(), last.sort(), `seed ${seed}: the last listed are cut`);
      }
    }
  });
});

function randomParticipants(seed: number, groups: number) {
  const random = randomSource(seed);
  const orgs = 1 + random.int(12);
  const roles = ["innkjøper", "fagperson", "leder", undefined];
  const out: GroupParticipant[] = [];
  for (let o = 0; o < orgs; o++) {
    const size = 1 + random.int(random.next() < 0.8 ? groups : groups + 4);
    for (let p = 0; p < size; p++)
      out.push({
        registrationId: `r${o}`,
        participantId: `o${o}p${p}`,
        name: `Deltaker ${o}-${p}`,
        orgId: `org${o}`,
        orgName: `Org ${o}`,
        ...(roles[random.int(4)] !== undefined && { role: roles[random.int(3)] }),
      });
  }
  return out;
}

const countBy = (items: GroupParticipant[], key: (p: GroupParticipant) => string | undefined) => {
  const counts = new Map<string, number>();
  for (const p of items) if (key(p) !== undefined) counts.set(key(p)!, (counts.get(key(p)!) ?? 0) + 1);
  return counts;
};
const samePairs = (groups: GroupParticipant[][], key: (p: GroupParticipant) => string | undefined) =>
  groups.reduce((sum, g) => sum + [...countBy(g, key).values()].reduce((s, n) => s + (n * (n - 1)) / 2, 0), 0);

describe("conferences: discussion groups", () => {
  it("on 300 generated registrations: sizes within one, everyone once, no colleagues together where possible, deterministic for a seed", () => {
    let differed = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const g = 1 + (seed % 6);
      const people = randomParticipants(seed, g);
      const result = assignGroups(people, g, seed);
      assert.deepEqual(assignGroups(structuredClone(people).reverse(), g, seed), result, `seed ${seed}: deterministic`);
      if (JSON.stringify(assignGroups(people, g, seed + 1000).groups) !== JSON.stringify(result.groups)) differed++;
      const sizes = result.groups.map((members) => members.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `seed ${seed}: sizes ${sizes}`);
      assert.deepEqual(
        result.groups
          .flat()
          .map((p) => p.participantId)
          .sort(),
        people.map((p) => p.participantId).sort(),
        `seed ${seed}: everyone exactly once`,
      );
      for (const [org, k] of countBy(people, (p) => p.orgId))
        for (const members of result.groups) {
          const here = members.filter((p) => p.orgId === org).length;
          assert.ok(here <= Math.ceil(k / g), `seed ${seed}: ${org} has ${here} of ${k} in one of ${g} groups`);
        }
      assert.equal(
        result.sameOrganisationPairs,
        samePairs(result.groups, (p) => p.orgId),
      );
    }
    assert.ok(differed > 200, `another seed gives another assignment (${differed} of 300 differed)`);
  });

  it("when participants carry roles, then no swap between two groups would mix roles better without putting colleagues together", () => {
    for (let seed = 1; seed <= 60; seed++) {
      const g = 2 + (seed % 4);
      const result = assignGroups(randomParticipants(seed, g), g, seed);
      const org = samePairs(result.groups, (p) => p.orgId);
      const role = samePairs(result.groups, (p) => p.role);
      for (let a = 0; a < g; a++)
        for (let b = a + 1; b < g; b++)
          for (const p of result.groups[a]!)
            for (const q of result.groups[b]!) {
              const swapped = result.groups.map((members) => members.map((m) => (m === p ? q : m === q ? p : m)));
              const orgAfter = samePairs(swapped, (x) => x.orgId);
              const roleAfter = samePairs(swapped, (x) => x.role);
              assert.ok(
                !(orgAfter < org || (orgAfter === org && roleAfter < role)),
                `seed ${seed}: swapping ${p.participantId} and ${q.participantId} would improve`,
              );
            }
    }
  });
});

describe("conferences: times in Europe/Oslo", () => {
  it("an instant is shown with Oslo's offset of that day, across both changes of 2027", () => {
    assert.equal(osloIso(new Date("2027-03-10T08:00:00Z")), "2027-03-10T09:00:00+01:00");
    assert.equal(osloIso(new Date("2027-03-28T00:59:59Z")), "2027-03-28T01:59:59+01:00");
    assert.equal(osloIso(new Date("2027-03-28T01:00:00Z")), "2027-03-28T03:00:00+02:00");
    assert.equal(osloIso(new Date("2027-06-10T07:00:00Z")), "2027-06-10T09:00:00+02:00");
    assert.equal(osloIso(new Date("2027-10-31T00:30:00Z")), "2027-10-31T02:30:00+02:00");
    assert.equal(osloIso(new Date("2027-10-31T01:30:00Z")), "2027-10-31T02:30:00+01:00");
  });
});
