import { z } from "zod";
import { ConfigError } from "@markedsdialog/core";

/**
 * SEED, read by `npm start` and `npm run seed` (docker-compose's one-shot `seed` service), never by the API
 * or the worker: `demo` (default) seeds the demo data, idempotently; `none` seeds nothing.
 */
export const seedEnvSchema = z.object({ SEED: z.enum(["demo", "none"]).default("demo") });

export function seedSetting(env: NodeJS.ProcessEnv = process.env): "demo" | "none" {
  const result = seedEnvSchema.safeParse(env);
  if (!result.success) throw new ConfigError(`Invalid configuration:\n  SEED: ${result.error.issues[0]?.message}`);
  return result.data.SEED;
}
