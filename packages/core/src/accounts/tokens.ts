import { createHash, randomBytes } from "node:crypto";
import { AccountToken, AccountTokenUse, type AccountTokenRecord, type TokenPurpose } from "./user.model";
import { isDuplicateKey } from "../platform/ids";

/** How long a link is good for. */
export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  "sign-in": 15 * 60_000,
  invitation: 7 * 24 * 3_600_000,
};

export const hashAccountToken = (token: string): string => createHash("sha256").update(token).digest("hex");

/** The public id of an invitation (its token's hash, shortened): names it without revealing the token. */
export const invitationIdOf = (tokenHash: string): string => tokenHash.slice(0, 24);

type TokenFields = Omit<AccountTokenRecord, "_id" | "expiresAt" | "createdAt" | "updatedAt">;

/** Stores a new single-use token (only its hash) and returns the token, to be put in a link. */
export async function issueAccountToken(fields: TokenFields): Promise<{ token: string; record: AccountTokenRecord }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + TOKEN_LIFETIME_MS[fields.purpose]);
  const record = await AccountToken.create({ ...fields, _id: hashAccountToken(token), expiresAt });
  return { token, record: record.toObject() as AccountTokenRecord };
}

/** The token's record if it exists, is for this purpose, is unexpired and was never used; without using it. */
export async function peekAccountToken(token: string, purpose: TokenPurpose): Promise<AccountTokenRecord | undefined> {
  const record = await AccountToken.findById(hashAccountToken(token)).lean<AccountTokenRecord>();
  if (!record || record.purpose !== purpose || record.expiresAt.getTime() <= Date.now()) return undefined;
  if (await AccountTokenUse.exists({ _id: record._id })) return undefined;
  return record;
}

/**
 * Uses the token once: the use is claimed by inserting its hash into a unique key, so of any number of racing
 * uses exactly one gets the record; the others (and every later one) get undefined, as for an unknown token.
 */
export async function consumeAccountToken(
  token: string,
  purpose: TokenPurpose,
): Promise<AccountTokenRecord | undefined> {
  const record = await peekAccountToken(token, purpose);
  if (!record) return undefined;
  try {
    await AccountTokenUse.create({ _id: record._id, at: new Date() });
  } catch (error) {
    if (isDuplicateKey(error)) return undefined;
    throw error;
  }
  return record;
}
