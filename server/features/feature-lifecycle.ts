// The feature lifecycle capability, built once by the composition root: its routes, the worker's
// applier for `feature` deliveries and the callback sender. Handlers come from the one registry.
import type { Router } from "express";
import type { Config } from "../config/config.ts";
import type { Db } from "../db/client.ts";
import type { HandlerDeps } from "../handlers/run-handlers.ts";
import type { Inbox } from "../inbox/inbox.ts";
import type { Applier } from "../inbox/worker.ts";
import type { Logger } from "../log/logger.ts";
import type { Metrics } from "../ops/metrics.ts";
import { CallbackSender, type CallbackSenderOptions } from "./callback-sender.ts";
import { systemClock, type Clock } from "./clock.ts";
import { featureApplier } from "./feature-applier.ts";
import { featuresRouter } from "./features.route.ts";

export interface FeatureLifecycleOptions {
  /** one clock for receipt, deadlines and callback retries (tests pass a manual one) */
  clock?: Clock;
  callbacks?: Omit<CallbackSenderOptions, "clock">;
}

export interface FeatureLifecycle {
  router: Router;
  applier: Applier;
  callbacks: CallbackSender;
  /** stops sending callbacks and committing sync outcomes (before the database closes) */
  close(): Promise<void>;
}

export function createFeatureLifecycle(
  config: Config,
  parts: { db: Db; inbox: Inbox; metrics: Metrics; log: Logger; handlers: HandlerDeps },
  options: FeatureLifecycleOptions = {},
): FeatureLifecycle {
  const clock = options.clock ?? systemClock;
  const log = parts.log.child({ capability: "features" });
  const callbacks = new CallbackSender(parts.db, config, parts.metrics, log, { ...options.callbacks, clock });
  const stopping = new AbortController();
  const deps = { ...parts.handlers, prisma: parts.db.prisma, clock, syncBudgetMs: config.featureSyncBudgetMs };
  return {
    router: featuresRouter({ ...deps, config, inbox: parts.inbox, metrics: parts.metrics, log, stopping: stopping.signal }),
    applier: featureApplier({ ...deps, onOutcome: () => callbacks.nudge() }),
    callbacks,
    async close() {
      stopping.abort();
      await callbacks.stop();
    },
  };
}
