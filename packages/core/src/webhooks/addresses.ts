/**
 * IP addresses as bytes, and the ranges a webhook must never reach: private, loopback, link-local,
 * unique-local, unspecified, multicast, reserved and documentation networks, for IPv4 and IPv6, including
 * IPv4 addresses carried inside IPv6 (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`).
 * Pure: no resolution here (destination.ts resolves).
 */
import { isIP } from "node:net";

export type AddressBytes = { family: 4 | 6; bytes: number[] };

function ipv4Bytes(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.map(Number);
}

function ipv6Bytes(text: string): number[] | undefined {
  let zoneless = text.split("%")[0] ?? "";
  // A dotted IPv4 tail (`::ffff:127.0.0.1`) is two groups written another way.
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(zoneless);
  if (dotted) {
    const v4 = ipv4Bytes(dotted[2] ?? "");
    if (!v4) return undefined;
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    zoneless = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = zoneless.split("::");
  if (halves.length > 2) return undefined;
  const toGroups = (part: string) => (part === "" ? [] : part.split(":"));
  const left = toGroups(halves[0] ?? "");
  const right = halves.length === 2 ? toGroups(halves[1] ?? "") : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array.from({ length: halves.length === 2 ? missing : 0 }, () => "0"), ...right];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 255]);
}

/** An IP address in text (IPv6 with or without brackets), or undefined when it is none. */
export function parseAddress(text: string): AddressBytes | undefined {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const family = isIP(bare.split("%")[0] ?? "");
  if (family === 4) {
    const bytes = ipv4Bytes(bare);
    return bytes && { family: 4, bytes };
  }
  if (family === 6) {
    const bytes = ipv6Bytes(bare.toLowerCase());
    return bytes && { family: 6, bytes };
  }
  return undefined;
}

export interface Cidr {
  family: 4 | 6;
  bytes: number[];
  prefix: number;
}

/** `10.0.0.0/8`, `::1/128`; a bare address is its own /32 or /128. */
export function parseCidr(text: string): Cidr | undefined {
  const [address = "", prefixText] = text.split("/");
  const parsed = parseAddress(address);
  if (!parsed) return undefined;
  const max = parsed.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return { ...parsed, prefix };
}

export function inRange(address: AddressBytes, range: Cidr): boolean {
  if (address.family !== range.family) return false;
  for (let bit = 0; bit < range.prefix; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((address.bytes[byte] ?? 0) & mask) !== ((range.bytes[byte] ?? 0) & mask)) return false;
  }
  return true;
}

const range = (text: string, why: string) => ({ cidr: parseCidr(text) as Cidr, why });

/** Networks that are not the public internet, with the reason shown when a webhook points there. */
const BLOCKED = [
  range("0.0.0.0/8", "unspecified"),
  range("10.0.0.0/8", "private"),
  range("100.64.0.0/10", "shared (carrier-grade NAT)"),
  range("127.0.0.0/8", "loopback"),
  range("169.254.0.0/16", "link-local"),
  range("172.16.0.0/12", "private"),
  range("192.0.0.0/24", "reserved"),
  range("192.0.2.0/24", "documentation"),
  range("192.168.0.0/16", "private"),
  range("198.18.0.0/15", "benchmarking"),
  range("198.51.100.0/24", "documentation"),
  range("203.0.113.0/24", "documentation"),
  range("224.0.0.0/4", "multicast"),
  range("240.0.0.0/4", "reserved"),
  range("::/128", "unspecified"),
  range("::1/128", "loopback"),
  range("::/96", "IPv4-compatible (deprecated)"),
  range("100::/64", "discard"),
  range("2001:db8::/32", "documentation"),
  range("fc00::/7", "unique-local"),
  range("fe80::/10", "link-local"),
  range("fec0::/10", "site-local (deprecated)"),
  range("ff00::/8", "multicast"),
];

/** IPv4 addresses embedded in IPv6 that a connection would in effect reach. */
function embeddedIpv4(address: AddressBytes): AddressBytes | undefined {
  if (address.family !== 6) return undefined;
  const b = address.bytes;
  const isPrefix = (cidr: string) => inRange(address, parseCidr(cidr) as Cidr);
  if (isPrefix("::ffff:0:0/96") || isPrefix("64:ff9b::/96")) return { family: 4, bytes: b.slice(12, 16) };
  if (isPrefix("2002::/16")) return { family: 4, bytes: b.slice(2, 6) };
  return undefined;
}

/** Why the address is not on the public internet, or undefined when it is. */
export function nonPublicReason(address: AddressBytes): string | undefined {
  const inner = embeddedIpv4(address);
  if (inner) {
    const why = nonPublicReason(inner);
    return why && `${why} (IPv4 inside IPv6)`;
  }
  return BLOCKED.find((blocked) => inRange(address, blocked.cidr))?.why;
}
