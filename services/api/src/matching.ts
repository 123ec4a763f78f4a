/** The matching index and webhook policy of an app, built once per context from its Redis and configuration. */
import { destinationPolicy, MatchIndex, type DestinationPolicy } from "@markedsdialog/core";
import type { AppContext } from "./context";

export interface MatchingDeps {
  index: MatchIndex;
  destinations: DestinationPolicy;
}

const built = new WeakMap<AppContext, MatchingDeps>();

/** Keys under the queue prefix, a Redis Cluster hash tag (`{md}:match:…`), like the queues'. */
export const matchIndexPrefix = (queuePrefix: string): string => `${queuePrefix}:match`;

export function matchingDeps(ctx: AppContext): MatchingDeps {
  let deps = built.get(ctx);
  if (!deps) {
    deps = {
      index: new MatchIndex(ctx.redis, matchIndexPrefix(ctx.config.QUEUE_PREFIX)),
      destinations: destinationPolicy(ctx.config),
    };
    built.set(ctx, deps);
  }
  return deps;
}
