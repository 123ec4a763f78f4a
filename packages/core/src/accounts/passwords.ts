import { hash, verify } from "@node-rs/argon2";

/** At least this long; no other composition rules (NIST SP 800-63B). */
export const PASSWORD_MIN_LENGTH = 12;
/** Hashing is deliberately slow; a bound on the input keeps one request from being slower still. */
export const PASSWORD_MAX_LENGTH = 256;

/** argon2id with @node-rs/argon2's defaults (19 MiB, 2 passes, 1 lane: OWASP's minimum), as a PHC string. */
export const hashPassword = (password: string): Promise<string> => hash(password);

/** A hash of nothing anyone knows, verified when there is no user or no password, so both take as long. */
let dummyHash: Promise<string> | undefined;

/** True when `password` matches `stored`; without a stored hash, false after the same work. */
export async function checkPassword(stored: string | undefined | null, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hash("no user has this password; it only costs time");
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
