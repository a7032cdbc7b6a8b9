// The feature lifecycle capability, built once by the composition root: its routes, the worker's
// handler for `feature` deliveries, the handler registry and the callback sender.
import type { Router } from "express";
import type { Config } from "../config/config.ts";
import type { Db } from "../db/client.ts";
import type { Inbox } from "../inbox/inbox.ts";
import type { DeliveryHandler } from "../inbox/worker.ts";
import type { Logger } from "../log/logger.ts";
import type { Metrics } from "../ops/metrics.ts";
import { CallbackSender, type CallbackSenderOptions } from "./callback-sender.ts";
import { systemClock, type Clock } from "./clock.ts";
import { featureDeliveryHandler } from "./feature-worker.ts";
import { featuresRouter } from "./features.route.ts";
import type { FeatureHandlerRegistry } from "./handler-registry.ts";
import { hookboardFeatureHandlers } from "./hookboard-handlers.ts";

export interface FeatureLifecycleOptions {
  /** one clock for receipt, deadlines and callback retries (tests pass a manual one) */
  clock?: Clock;
  callbacks?: Omit<CallbackSenderOptions, "clock">;
}

export interface FeatureLifecycle {
  router: Router;
  workerHandler: DeliveryHandler;
  /** register app handlers here: `handlers.register("AppFeatureObject:create", ...)` */
  handlers: FeatureHandlerRegistry;
  callbacks: CallbackSender;
  /** stops sending callbacks and committing sync outcomes (before the database closes) */
  close(): Promise<void>;
}

export function createFeatureLifecycle(
  config: Config,
  parts: { db: Db; inbox: Inbox; metrics: Metrics; log: Logger },
  options: FeatureLifecycleOptions = {},
): FeatureLifecycle {
  const clock = options.clock ?? systemClock;
  const log = parts.log.child({ capability: "features" });
  const handlers = hookboardFeatureHandlers();
  const callbacks = new CallbackSender(parts.db, config, parts.metrics, log, { ...options.callbacks, clock });
  const stopping = new AbortController();
  const deps = { prisma: parts.db.prisma, handlers, clock, syncBudgetMs: config.featureSyncBudgetMs };
  return {
    router: featuresRouter({ ...deps, config, inbox: parts.inbox, metrics: parts.metrics, log, stopping: stopping.signal }),
    workerHandler: featureDeliveryHandler({ ...deps, onOutcome: () => callbacks.nudge() }),
    handlers,
    callbacks,
    async close() {
      stopping.abort();
      await callbacks.stop();
    },
  };
}
