/**
 * Where a webhook may be delivered: an http(s) URL whose host resolves only to public addresses. Checked
 * when a subscription is saved and, by the delivery side, again right before each delivery (DNS can change
 * between the two): connect to one of the `addresses` returned, not to a fresh lookup of the name, so the
 * address checked is the address used.
 */
import { lookup } from "node:dns/promises";
import { invalid, AppError } from "../errors";
import { inRange, nonPublicReason, parseAddress, parseCidr, type Cidr } from "./addresses";

export interface DestinationPolicy {
  /** Ranges allowed although not public (configuration: WEBHOOK_ALLOW_NETWORKS). */
  allowNetworks: Cidr[];
  /** Resolves a host name to its addresses; node:dns `lookup` (what an HTTP client uses) by default. */
  resolve?: (host: string) => Promise<string[]>;
  timeoutMs?: number;
}

/** The policy from the configuration (`WEBHOOK_ALLOW_NETWORKS`, checked CIDR ranges). */
export const destinationPolicy = (config: { WEBHOOK_ALLOW_NETWORKS: readonly string[] }): DestinationPolicy => ({
  allowNetworks: config.WEBHOOK_ALLOW_NETWORKS.map((range) => parseCidr(range) as Cidr),
});

export interface CheckedDestination {
  url: URL;
  /** The addresses the host resolved to, all allowed; deliver to one of these. */
  addresses: string[];
}

const systemResolve = async (host: string): Promise<string[]> =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

const DNS_FAILURES_THAT_MEAN_NO_SUCH_HOST = new Set(["ENOTFOUND", "ENODATA", "EAI_NONAME", "EAI_NODATA"]);

async function resolveHost(host: string, policy: DestinationPolicy, path: string): Promise<string[]> {
  const literal = parseAddress(host);
  if (literal) return [host.replace(/^\[|\]$/g, "")];
  const resolve = policy.resolve ?? systemResolve;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error("DNS timeout"), { code: "ETIMEOUT" })),
      policy.timeoutMs ?? 5000,
    );
  });
  try {
    return await Promise.race([resolve(host), timeout]);
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    if (DNS_FAILURES_THAT_MEAN_NO_SUCH_HOST.has(code))
      throw invalid("The webhook host does not resolve", [{ path, message: `${host} does not resolve (${code})` }]);
    throw new AppError("unavailable", `The webhook host ${host} could not be resolved now; try again`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Checks a webhook URL: http or https, and every address its host resolves to public (or inside an allowed
 * network). Throws `invalid` naming `path` (the field the URL came in) otherwise, `unavailable` when DNS
 * could not answer.
 */
export async function checkWebhookDestination(
  url: string,
  policy: DestinationPolicy,
  path = "webhookUrl",
): Promise<CheckedDestination> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid("The webhook URL is not a URL", [{ path, message: "is not a URL" }]);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw invalid("Webhooks are delivered over http or https", [{ path, message: "must be an http(s) URL" }]);
  const addresses = await resolveHost(parsed.hostname, policy, path);
  if (addresses.length === 0)
    throw invalid("The webhook host does not resolve", [{ path, message: `${parsed.hostname} has no address` }]);
  for (const text of addresses) {
    const address = parseAddress(text);
    if (!address) throw invalid("The webhook host resolved to something unusable", [{ path, message: text }]);
    const why = nonPublicReason(address);
    if (why && !policy.allowNetworks.some((allowed) => inRange(address, allowed))) {
      throw invalid("Webhooks may not point into private networks", [
        { path, message: `${parsed.hostname} resolves to ${text}, a ${why} address` },
      ]);
    }
  }
  return { url: parsed, addresses };
}
