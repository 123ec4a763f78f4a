/** Which webhook destinations are refused: addresses by range, and names by what they resolve to. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "@markedsdialog/core";
import { nonPublicReason, parseAddress, parseCidr } from "@markedsdialog/core/webhooks/addresses";
import { checkWebhookDestination, type DestinationPolicy } from "@markedsdialog/core/webhooks/destination";

const reason = (text: string) => {
  const address = parseAddress(text);
  assert.ok(address, `${text} parses`);
  return nonPublicReason(address);
};

describe("webhook addresses", () => {
  it("private, loopback, link-local, unique-local, unspecified and IPv4-in-IPv6 forms of them are not public", () => {
    for (const text of [
      "10.1.2.3",
      "127.0.0.1",
      "127.255.255.254",
      "169.254.169.254",
      "172.31.255.255",
      "192.168.0.1",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "::",
      "::1",
      "[::1]",
      "fe80::1",
      "fe80::1%eth0",
      "fd00::1",
      "fc12:3456::9",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "0:0:0:0:0:ffff:a00:1",
      "::ffff:192.168.1.1",
      "64:ff9b::10.0.0.1",
      "2002:c0a8:101::1",
      "2001:db8::1",
    ])
      assert.ok(reason(text), `${text} is not public`);
  });

  it("public addresses are public, including IPv4-mapped public ones", () => {
    for (const text of [
      "93.184.215.14",
      "8.8.8.8",
      "172.32.0.1",
      "100.128.0.1",
      "2606:4700::1111",
      "::ffff:8.8.8.8",
      "2a00:1450:4010::200e",
    ])
      assert.equal(reason(text), undefined, text);
  });

  it("what is not an address is none; CIDR ranges parse with their prefix", () => {
    for (const text of ["localhost", "1.2.3", "1.2.3.256", "::1::2", "12345::", "gggg::1"])
      assert.equal(parseAddress(text), undefined, text);
    assert.deepEqual(parseCidr("127.0.0.0/8"), { family: 4, bytes: [127, 0, 0, 0], prefix: 8 });
    assert.equal(parseCidr("::1")?.prefix, 128);
    assert.equal(parseCidr("10.0.0.0/33"), undefined);
    assert.equal(parseCidr("nonsense/8"), undefined);
  });
});

/** DNS is a third party here: these cases use a fake resolver, named as such. */
describe("webhook destinations, with a fake resolver", () => {
  const policy = (answers: Record<string, string[] | Error>, allow: string[] = []): DestinationPolicy => ({
    allowNetworks: allow.map((r) => parseCidr(r)!),
    resolve: async (host) => {
      const answer = answers[host];
      if (answer instanceof Error) throw answer;
      return answer ?? Promise.reject(Object.assign(new Error("no such host"), { code: "ENOTFOUND" }));
    },
    timeoutMs: 200,
  });
  const refused = async (url: string, p: DestinationPolicy, code: AppError["code"] = "invalid") => {
    await assert.rejects(checkWebhookDestination(url, p), (error: unknown) => {
      assert.ok(error instanceof AppError && error.code === code, String(error));
      if (code === "invalid") assert.equal(error.issues[0]?.path, "webhookUrl");
      return true;
    });
  };

  it("when a name resolves to public addresses only, then it is accepted with those addresses to deliver to", async () => {
    const checked = await checkWebhookDestination(
      "https://hooks.example.no/x",
      policy({ "hooks.example.no": ["93.184.215.14", "2606:4700::1111"] }),
    );
    assert.deepEqual(checked.addresses, ["93.184.215.14", "2606:4700::1111"]);
  });

  it("when any of a name's addresses is private, then it is refused (a rebinding name cannot slip one in)", async () => {
    await refused("https://mixed.example.no/x", policy({ "mixed.example.no": ["93.184.215.14", "10.0.0.7"] }));
    await refused("https://internal.example.no/x", policy({ "internal.example.no": ["::ffff:169.254.169.254"] }));
  });

  it("when the name does not exist, then it is invalid; when DNS does not answer, then it is unavailable", async () => {
    await refused("https://gone.example.no/x", policy({}));
    const slow: DestinationPolicy = { allowNetworks: [], resolve: () => new Promise(() => undefined), timeoutMs: 50 };
    await refused("https://slow.example.no/x", slow, "unavailable");
    await refused(
      "https://broken.example.no/x",
      policy({ "broken.example.no": Object.assign(new Error("x"), { code: "ESERVFAIL" }) }),
      "unavailable",
    );
  });

  it("when loopback is allowed by configuration, then loopback passes and other private ranges do not", async () => {
    const p = policy({ localhost: ["127.0.0.1", "::1"] }, ["127.0.0.0/8", "::1/128"]);
    assert.deepEqual((await checkWebhookDestination("http://localhost:8080/", p)).addresses, ["127.0.0.1", "::1"]);
    await refused("http://10.0.0.1/", p);
    await refused("ftp://93.184.215.14/", p);
  });
});
