import { createHash } from "node:crypto";
import { ensureApiKey } from "@markedsdialog/core";

export interface DemoKey {
  name: string;
  kind: "buyer" | "supplier" | "organiser";
  organization: string;
  organizationId: string;
  /** Public on purpose: printed by the start script and written in the README. Demo databases only. */
  token: string;
}

/** `md_demo_<name>_<32 base64url characters of sha256(name)>`: the same token on every machine. */
export const demoToken = (name: string): string =>
  `md_demo_${name}_${createHash("sha256").update(name).digest("base64url").slice(0, 32)}`;

/** Stores the demo keys that are missing and returns all of them. */
export async function ensureDemoKeys(keys: Omit<DemoKey, "token">[]): Promise<{ keys: DemoKey[]; created: number }> {
  let created = 0;
  const result: DemoKey[] = [];
  for (const key of keys) {
    const token = demoToken(key.name);
    if ((await ensureApiKey(key.organizationId, token, `demo: ${key.name}`)).created) created++;
    result.push({ ...key, token });
  }
  return { keys: result, created };
}
