// The composition root: builds every part of Hookboard once and wires them together. Apps use the
// public entry (server/index.ts); this is what it and Hookboard's own tests are built on.
import express, { type Express } from "express";
import { requireSession } from "./auth/session-token.ts";
import { createBoardWebhooks } from "./board-webhooks/board-webhooks-capability.ts";
import { boardViewRouter } from "./board-view/board-view.route.ts";
import { deliveriesRouter } from "./board-view-api/deliveries.route.ts";
import { lifecycleEventsRouter } from "./board-view-api/lifecycle-events.route.ts";
import { meRouter } from "./board-view-api/me.route.ts";
import type { Config } from "./config/config.ts";
import { createDb, type Db } from "./db/client.ts";
import { createFeatureLifecycle, type FeatureLifecycle, type FeatureLifecycleOptions } from "./features/feature-lifecycle.ts";
import type { MondayClient } from "./handlers/context.ts";
import { HandlerRegistry } from "./handlers/registry.ts";
import type { HandlerDeps } from "./handlers/run-handlers.ts";
import { taskApplier } from "./handlers/task-applier.ts";
import { registerHookboardHandlers } from "./hookboard-handlers.ts";
import { errorMiddleware, notFoundMiddleware } from "./http/error-middleware.ts";
import { requestId } from "./http/request-id.ts";
import { Inbox } from "./inbox/inbox.ts";
import { PeriodicTasks } from "./inbox/periodic-tasks.ts";
import { RECONCILE_ALL_TASK } from "./board-webhooks/reconcile-tasks.ts";
import { Worker, type WorkerOptions } from "./inbox/worker.ts";
import { lifecycleApplier } from "./lifecycle/lifecycle-applier.ts";
import { lifecycleRouter } from "./lifecycle/lifecycle.route.ts";
import { createLogger, type Logger } from "./log/logger.ts";
import { AccountMondayApi } from "./monday-api/account-api.ts";
import { MondayApi } from "./monday-api/monday-api.ts";
import { createOAuth } from "./oauth/oauth-capability.ts";
import { Metrics } from "./ops/metrics.ts";
import { OpsGauges } from "./ops/ops-gauges.ts";
import { opsRouter } from "./ops/ops.routes.ts";
import { reconcileApi, Reconciler } from "./reconcile/reconcile.ts";
import { ReconcileSchedule } from "./reconcile/reconcile-schedule.ts";

export interface HookboardParts {
  config: Config;
  app: Express;
  db: Db;
  inbox: Inbox;
  worker: Worker;
  /** records scheduled work (reconciling board webhooks) as tasks for the worker; runs where the worker runs */
  periodic: PeriodicTasks;
  /** the one registry of handlers (Hookboard's own are in it already) */
  registry: HandlerRegistry;
  /** feature lifecycle events: `features.callbacks` reports async results */
  features: FeatureLifecycle;
  metrics: Metrics;
  log: Logger;
  /** reconciling with monday's records on a schedule: null without MONDAY_API_TOKEN and MONDAY_APP_ID */
  reconcile: ReconcileSchedule | null;
  /** stops the worker (finishing claimed work) and closes the database */
  close(): Promise<void>;
}

export interface HookboardOptions {
  log?: Logger;
  features?: FeatureLifecycleOptions;
  worker?: WorkerOptions;
}

export function composeHookboard(config: Config, options: HookboardOptions = {}): HookboardParts {
  const log = options.log ?? createLogger(config.logLevel);
  const db = createDb(config.databaseUrl);
  const metrics = new Metrics();
  const inbox = new Inbox(db, metrics);
  const registry = new HandlerRegistry();

  const mondayApi = new MondayApi({ apiUrl: config.mondayApiUrl, apiVersion: config.mondayApiVersion });
  const oauth = createOAuth(config, db.prisma, mondayApi, log);
  const accountApi = new AccountMondayApi(mondayApi, oauth.tokens);
  const handlers: HandlerDeps = {
    registry,
    budgetMs: config.handlerBudgetMs,
    async mondayFor(accountId): Promise<MondayClient | null> {
      if (!accountId || !(await oauth.tokens.hasConnection(accountId))) return null;
      return { request: (query, variables) => accountApi.request({ accountId, userId: null }, query, variables) };
    },
  };
  const features = createFeatureLifecycle(config, { db, inbox, metrics, log, handlers }, options.features);
  const boardWebhooks = createBoardWebhooks(config, db.prisma, inbox, accountApi, log, handlers);
  registerHookboardHandlers(registry, { tokens: oauth.tokens, boardWebhooks: boardWebhooks.service });

  const worker = new Worker(
    db,
    inbox,
    { lifecycle: lifecycleApplier(handlers), board: boardWebhooks.applier, feature: features.applier, task: taskApplier(handlers) },
    metrics,
    log,
    {
      claimTtlMs: config.workerClaimTtlMs,
      retention: { doneMs: config.deliveryRetentionMs, deadMs: config.deadDeliveryRetentionMs },
      ...options.worker,
    },
  );

  const reconcile =
    config.mondayApiToken && config.mondayAppId
      ? new ReconcileSchedule(
          new Reconciler(db.prisma, inbox, { api: reconcileApi(config), token: config.mondayApiToken, appId: config.mondayAppId }, log),
          config.reconcileIntervalMs,
          log,
        )
      : null;
  const periodic = new PeriodicTasks(db.prisma, [{ name: RECONCILE_ALL_TASK, everyMs: config.boardWebhookReconcileMs }], log, () => worker.nudge());

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", true);
  app.use(requestId);
  app.use(opsRouter(db, metrics, new OpsGauges(db.prisma, { silentAfterMs: config.boardWebhookSilentAfterMs })));
  // a worker-only process (WEB_ENABLED=false) answers health and metrics, nothing monday or a user calls
  if (config.webEnabled) {
    app.use(lifecycleRouter(config, inbox));
    app.use(boardWebhooks.deliveryRouter);
    app.use(oauth.router);
    app.use(features.router);
    app.use("/api", express.json({ limit: "64kb" }), requireSession(config));
    app.use(meRouter(db.prisma, oauth.tokens));
    app.use(lifecycleEventsRouter(db.prisma));
    app.use(deliveriesRouter(db.prisma, boardWebhooks.requireBoard, inbox));
    app.use(boardWebhooks.apiRouter);
    app.use(boardViewRouter({ production: config.env === "production" }));
  }
  app.use(notFoundMiddleware);
  app.use(errorMiddleware(log));

  return {
    config,
    app,
    db,
    inbox,
    worker,
    periodic,
    registry,
    features,
    metrics,
    log,
    reconcile,
    async close() {
      await reconcile?.stop();
      await periodic.stop();
      await worker.stop();
      await features.close();
      await db.close();
    },
  };
}
