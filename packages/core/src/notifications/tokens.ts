/** Signed, expiring unsubscribe tokens: `supplierId.expiresEpochSeconds.hmac` in base64url. */
import { createHmac, timingSafeEqual } from "node:crypto";

const sign = (secret: string, payload: string) => createHmac("sha256", secret).update(payload).digest("base64url");

export function unsubscribeToken(secret: string, supplierId: string, ttlDays = 60, now = Date.now()): string {
  const payload = `${supplierId}.${Math.floor(now / 1000) + ttlDays * 86_400}`;
  return `${payload}.${sign(secret, payload)}`;
}

/** The supplier the token names, or undefined when forged or expired. */
export function verifyUnsubscribeToken(secret: string, token: string, now = Date.now()): string | undefined {
  const [supplierId, expires, mac] = token.split(".");
  if (!supplierId || !expires || !mac) return undefined;
  const expected = Buffer.from(sign(secret, `${supplierId}.${expires}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return Number(expires) * 1000 > now ? supplierId : undefined;
}

/** A webhook's signature: HMAC-SHA256 over `timestamp.body`, hex. */
export const webhookSignature = (secret: string, timestamp: string, body: string): string =>
  createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
