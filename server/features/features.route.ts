// POST /webhooks/features/sync and /webhooks/features/async: monday's feature-level lifecycle
// events. Checks in the documented order (415/413, JWT 401, X-Apps-Event-Id and body 400, event
// type 422), then the delivery is stored before any answer. Sync: the handler's recorded outcome is
// the answer, within the time budget. Async: 202 once stored; the result goes to back_to_url later.
import { Router, type ErrorRequestHandler, type Request, type Response } from "express";
import { requireWebhookJwt } from "../auth/webhook-auth.ts";
import type { Config } from "../config/config.ts";
import type { PrismaClient } from "../db/client.ts";
import { HttpError } from "../http/http-error.ts";
import { parseJsonObject, readWebhookBody } from "../http/webhook-body.ts";
import { describeZodError } from "../http/zod-error.ts";
import type { Inbox } from "../inbox/inbox.ts";
import type { Logger } from "../log/logger.ts";
import type { Metrics } from "../ops/metrics.ts";
import { callbackRefusal } from "./callback-url.ts";
import type { Clock } from "./clock.ts";
import { featureTypeOf, isFeatureEventType, isFeatureType } from "./event-types.ts";
import { featureBodySchema, readFeatureBody, type IncomingFeatureEvent } from "./feature-body.ts";
import { CALLBACK_WINDOW_MS, featureEventRowOf, handlerEventOf, metaOf, targetOf, type FeatureDelivery } from "./feature-delivery.ts";
import { findStoredEvent } from "./feature-event-store.ts";
import type { FeatureMode } from "./feature-event.ts";
import { decidingHandler } from "./deciding-handler.ts";
import { overranOutcome, recordOutcomeOnce, runSyncEvent, unknownTypeOutcome } from "./run-feature-event.ts";
import type { HandlerDeps } from "../handlers/run-handlers.ts";
import { parseStoredOutcome, syncAnswerOf, type SyncAnswer } from "./outcome.ts";

export interface FeaturesRouteDeps extends Pick<HandlerDeps, "registry" | "mondayFor"> {
  config: Config;
  inbox: Inbox;
  prisma: PrismaClient;
  metrics: Metrics;
  log: Logger;
  clock: Clock;
  syncBudgetMs: number;
  /** aborted when Hookboard stops: unfinished sync events are left to the worker of the next start */
  stopping: AbortSignal;
}

const EVENT_ID = /^[\x21-\x7e]{1,200}$/;
/** how long a sync route keeps its claim: past the budget, so a stopped process's event goes to the worker */
const CLAIM_GRACE_MS = 5_000;
const POLL_MS = 25;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function eventIdOf(req: Request): string {
  const value = req.get("x-apps-event-id")?.trim();
  if (!value) throw new HttpError(400, "missing_event_id", "X-Apps-Event-Id header is required");
  if (!EVENT_ID.test(value)) throw new HttpError(400, "invalid_event_id", "X-Apps-Event-Id must be 1 to 200 visible characters");
  return value;
}

/**
 * Refuses a type that does not belong to the feature the payload names: that much is known to be
 * wrong. A type Hookboard does not know is kept and answered as a success (marked unrecognised):
 * refusing it would fail the user's action in monday on a guess.
 */
function checkType(incoming: IncomingFeatureEvent): void {
  const { type, namedFeatureType } = incoming;
  if (!isFeatureEventType(type)) return;
  if (namedFeatureType && isFeatureType(namedFeatureType) && namedFeatureType !== featureTypeOf(type)) {
    throw new HttpError(422, "event_type_mismatch", `"${type}" is not an event of a ${namedFeatureType} feature`);
  }
}

function backToUrlOf(incoming: IncomingFeatureEvent, req: Request, config: Config): string {
  const url = incoming.backToUrl ?? req.monday!.backToUrl;
  if (!url) throw new HttpError(400, "missing_back_to_url", "An async event must carry back_to_url (top level or data.back_to_url)");
  const refusal = callbackRefusal(url, config);
  if (refusal) throw new HttpError(422, "callback_not_allowed", refusal);
  return url;
}

export function featuresRouter(deps: FeaturesRouteDeps): Router {
  const { config, prisma } = deps;
  const router = Router();

  /**
   * Until the budget is spent: the stored answer if there is one, else run the handler if nobody else
   * is. A delivery this request stored (`fresh`) has no answer yet: it goes straight to its claim.
   */
  async function answerSync(d: FeatureDelivery, deadline: number, fresh: boolean): Promise<SyncAnswer> {
    const event = handlerEventOf(d);
    for (let first = true; ; first = false) {
      if (deps.stopping.aborted) throw new HttpError(503, "shutting_down", "Hookboard is stopping; the event will be answered after a restart");
      const stored = first && fresh ? null : await findStoredEvent(prisma, d.eventId);
      if (stored?.mode === "async") throw new HttpError(409, "event_mode_conflict", "This event was already received on the async route");
      if (stored?.result) return syncAnswerOf(d.eventId, parseStoredOutcome(stored.result));
      const remaining = deadline - Date.now();
      // the handler is still running elsewhere (a concurrent copy of this request): say so without recording it
      if (remaining <= 0) return syncAnswerOf(d.eventId, overranOutcome());
      const attempt = await deps.inbox.claim(d.deliveryId, deps.syncBudgetMs + CLAIM_GRACE_MS, deps.log, deps.stopping);
      if (attempt) {
        if (event) {
          const run = { log: attempt.log, clock: deps.clock, monday: await deps.mondayFor(d.accountId) };
          await runSyncEvent(event, targetOf(d), decidingHandler(deps.registry, event.type), attempt, run, new Date(deadline));
        } else {
          await recordOutcomeOnce(targetOf(d), unknownTypeOutcome(d.incoming.type), attempt, { clock: deps.clock, log: attempt.log });
        }
        deps.metrics.inc("hookboard_deliveries_processed_total", { source: "feature" });
        continue;
      }
      await sleep(Math.min(POLL_MS, remaining));
    }
  }

  const receive = (mode: FeatureMode) => async (req: Request, res: Response) => {
    const started = Date.now();
    const eventId = eventIdOf(req);
    const parsed = featureBodySchema.safeParse(parseJsonObject(req.rawBody));
    if (!parsed.success) throw new HttpError(400, "invalid_body", describeZodError(parsed.error));
    const incoming = readFeatureBody(parsed.data);
    const claims = req.monday!;
    if (incoming.accountId && incoming.accountId !== claims.accountId) {
      throw new HttpError(401, "jwt_account_mismatch", "token was issued for another account");
    }
    checkType(incoming);
    const backToUrl = mode === "async" ? backToUrlOf(incoming, req, config) : null;

    const receivedAt = deps.clock();
    const callbackDeadline = mode === "async" ? new Date(receivedAt.getTime() + CALLBACK_WINDOW_MS) : null;
    const meta = metaOf({ eventId, mode, backToUrl, callbackDeadline });
    const received = { accountId: claims.accountId, receivedAt, eventId, mode, backToUrl, callbackDeadline, incoming };
    const accepted = await deps.inbox.accept({
      source: "feature",
      type: incoming.type,
      idempotencyKey: `feature:${eventId}`,
      accountId: claims.accountId,
      payload: req.rawBody!.toString("utf8"),
      meta,
      requestId: req.requestId,
      // the route answers a sync event itself; the worker steps in only if this process could not
      ...(mode === "sync" ? { notBefore: new Date(started + deps.syncBudgetMs + CLAIM_GRACE_MS) } : {}),
      // the event's row is written in the same commit as its delivery
      featureEvent: featureEventRowOf(received),
    });
    const delivery: FeatureDelivery = { deliveryId: accepted.id, ...received };

    if (mode === "async") {
      if (accepted.duplicate) {
        const stored = await findStoredEvent(prisma, eventId);
        if (stored?.mode === "sync") throw new HttpError(409, "event_mode_conflict", "This event was already received on the sync route");
      }
      res.status(202).json({ ok: true, deliveryId: accepted.id, duplicate: accepted.duplicate });
      return;
    }
    const answer = await answerSync(delivery, started + deps.syncBudgetMs, !accepted.duplicate);
    res.status(answer.status).json(answer.body);
  };

  const countRefusals: ErrorRequestHandler = (error, _req, _res, next) => {
    if (error instanceof HttpError) deps.metrics.inc("hookboard_requests_rejected_total", { source: "feature", status: String(error.status) });
    next(error);
  };

  for (const mode of ["sync", "async"] as const) {
    router.post(
      `/webhooks/features/${mode}`,
      ...readWebhookBody(config.bodyLimitBytes),
      requireWebhookJwt(config, { clientSecretNeedsAudience: true }),
      receive(mode),
      countRefusals,
    );
  }
  return router;
}
