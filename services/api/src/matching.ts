/** The matching index and webhook policy of an app, built once per context from its Redis and configuration. */
import { destinationPolicy, MatchIndex, matchIndexPrefix, type DestinationPolicy } from "@markedsdialog/core";
import type { AppContext } from "./context";

export interface MatchingDeps {
  index: MatchIndex;
  destinations: DestinationPolicy;
}

const built = new WeakMap<AppContext, MatchingDeps>();

export { matchIndexPrefix };

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
