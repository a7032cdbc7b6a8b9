// Builds the board webhooks capability once: the service the board view's routes use, the route
// monday delivers to, and the worker's handler for stored board deliveries.
import type { Router } from "express";
import type { Config } from "../config/config.ts";
import type { PrismaClient } from "../db/client.ts";
import type { Inbox } from "../inbox/inbox.ts";
import type { HandlerDeps } from "../handlers/run-handlers.ts";
import type { Applier } from "../inbox/worker.ts";
import type { Logger } from "../log/logger.ts";
import type { AccountMondayApi, AccountRef } from "../monday-api/account-api.ts";
import { answeringMondayErrors } from "../monday-api/http-errors.ts";
import { boardDeliveryRouter } from "./board-delivery.route.ts";
import { boardApplier } from "./board-applier.ts";
import { BoardOwnership } from "./board-ownership.ts";
import { boardWebhooksRouter } from "./board-webhooks.routes.ts";
import { BoardWebhooksService } from "./board-webhooks.service.ts";
import { MondayWebhooks } from "./monday-webhooks.ts";

export interface BoardWebhooksCapability {
  service: BoardWebhooksService;
  /** POST /webhooks/board/:urlToken (mounted outside /api) */
  deliveryRouter: Router;
  /** the board view's routes (mounted behind the session check) */
  apiRouter: Router;
  applier: Applier;
  /** resolves when the account owns the board (asked of monday, briefly cached); else the HttpError the webhook routes answer: 404, or 409 when not connected */
  requireBoard(account: AccountRef, boardId: string): Promise<void>;
}

export function createBoardWebhooks(
  config: Config,
  prisma: PrismaClient,
  inbox: Inbox,
  api: AccountMondayApi,
  log: Logger,
  handlers: HandlerDeps,
): BoardWebhooksCapability {
  const monday = new MondayWebhooks(api);
  const ownership = new BoardOwnership(monday);
  const service = new BoardWebhooksService(
    prisma,
    monday,
    ownership,
    { publicUrl: config.publicUrl, silentAfterMs: config.boardWebhookSilentAfterMs, autoRepair: config.boardWebhookAutoRepair },
    log,
  );
  return {
    service,
    deliveryRouter: boardDeliveryRouter(config, prisma, inbox),
    apiRouter: boardWebhooksRouter(service),
    applier: boardApplier(handlers),
    requireBoard: (account, boardId) => answeringMondayErrors(() => ownership.require(account, boardId)),
  };
}
