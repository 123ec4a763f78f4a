/** The matching index and webhook policy of an app, built once per context from its Redis and configuration. */
import {
  destinationPolicy,
  digestScheduler,
  MatchIndex,
  matchIndexPrefix,
  type DestinationPolicy,
  type DigestScheduler,
} from "@markedsdialog/core";
import type { AppContext } from "./context";

export interface MatchingDeps {
  index: MatchIndex;
  destinations: DestinationPolicy;
  digests: DigestScheduler;
}

const built = new WeakMap<AppContext, MatchingDeps>();

export { matchIndexPrefix };

export function matchingDeps(ctx: AppContext): MatchingDeps {
  let deps = built.get(ctx);
  if (!deps) {
    deps = {
      index: new MatchIndex(ctx.redis, matchIndexPrefix(ctx.config.QUEUE_PREFIX)),
      destinations: destinationPolicy(ctx.config),
      digests: digestScheduler(ctx.queues.digest, (err) =>
        ctx.logger.warn({ err }, "digest not scheduled; the worker's digest sweep will"),
      ),
    };
    built.set(ctx, deps);
  }
  return deps;
}
