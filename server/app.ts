// The composition root: builds every part of Hookboard once and wires them together.
import express, { type Express } from "express";
import { requireSession } from "./auth/session-token.ts";
import { boardViewRouter } from "./board-view/board-view.route.ts";
import type { BoardEventListener } from "./board-webhooks/board-event-handler.ts";
import { createBoardWebhooks } from "./board-webhooks/board-webhooks-capability.ts";
import { deliveriesRouter } from "./board-view-api/deliveries.route.ts";
import { lifecycleEventsRouter } from "./board-view-api/lifecycle-events.route.ts";
import { meRouter } from "./board-view-api/me.route.ts";
import type { Config } from "./config/config.ts";
import { createDb, type Db } from "./db/client.ts";
import { createFeatureLifecycle, type FeatureLifecycle, type FeatureLifecycleOptions } from "./features/feature-lifecycle.ts";
import { errorMiddleware, notFoundMiddleware } from "./http/error-middleware.ts";
import { requestId } from "./http/request-id.ts";
import { Inbox } from "./inbox/inbox.ts";
import { Worker, type DeliveryHandler, type WorkerOptions } from "./inbox/worker.ts";
import { lifecycleHandler } from "./lifecycle/apply-lifecycle-event.ts";
import { lifecycleRouter } from "./lifecycle/lifecycle.route.ts";
import { createLogger, type Logger } from "./log/logger.ts";
import { AccountMondayApi } from "./monday-api/account-api.ts";
import { MondayApi } from "./monday-api/monday-api.ts";
import { createOAuth } from "./oauth/oauth-capability.ts";
import { Metrics, type DeliverySource } from "./ops/metrics.ts";
import { opsRouter } from "./ops/ops.routes.ts";

export interface Hookboard {
  config: Config;
  app: Express;
  db: Db;
  inbox: Inbox;
  worker: Worker;
  /** feature lifecycle events: app handlers go on `features.handlers`; `features.callbacks` reports async results */
  features: FeatureLifecycle;
  metrics: Metrics;
  log: Logger;
  /** stops the worker (finishing claimed work) and closes the database */
  close(): Promise<void>;
}

export interface HookboardOptions {
  log?: Logger;
  features?: FeatureLifecycleOptions;
  worker?: WorkerOptions;
  /** the app's own handling of board events, run by the worker before a delivery is marked done */
  onBoardEvent?: BoardEventListener;
}

export function createHookboard(config: Config, options: HookboardOptions = {}): Hookboard {
  const log = options.log ?? createLogger(config.logLevel);
  const db = createDb(config.databaseUrl);
  const metrics = new Metrics();
  const inbox = new Inbox(db.prisma, metrics);

  const features = createFeatureLifecycle(config, { db, inbox, metrics, log }, options.features);
  const mondayApi = new MondayApi({ apiUrl: config.mondayApiUrl, apiVersion: config.mondayApiVersion });
  const oauth = createOAuth(config, db.prisma, mondayApi, log);
  const boardWebhooks = createBoardWebhooks(config, db.prisma, inbox, new AccountMondayApi(mondayApi, oauth.tokens), log, options.onBoardEvent);

  const handlers: Record<DeliverySource, DeliveryHandler | undefined> = {
    lifecycle: lifecycleHandler({
      onUninstalled: async (accountId, ctx) => {
        await oauth.tokens.forgetAccount(accountId, ctx);
        await boardWebhooks.service.deactivateAccount(accountId, ctx.tx);
      },
    }),
    board: boardWebhooks.handler,
    feature: features.workerHandler,
  };
  const worker = new Worker(db, inbox, handlers, metrics, log, { claimTtlMs: config.workerClaimTtlMs, ...options.worker });

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", true);
  app.use(requestId);
  app.use(opsRouter(db, metrics));
  app.use(lifecycleRouter(config, inbox));
  app.use(boardWebhooks.deliveryRouter);
  app.use(oauth.router);
  app.use(features.router);
  app.use("/api", express.json({ limit: "64kb" }), requireSession(config));
  app.use(meRouter(db.prisma));
  app.use(lifecycleEventsRouter(db.prisma));
  app.use(deliveriesRouter(db.prisma, boardWebhooks.requireBoard));
  app.use(boardWebhooks.apiRouter);
  app.use(boardViewRouter());
  app.use(notFoundMiddleware);
  app.use(errorMiddleware(log));

  return {
    config,
    app,
    db,
    inbox,
    worker,
    features,
    metrics,
    log,
    async close() {
      await worker.stop();
      await features.close();
      await db.close();
    },
  };
}
