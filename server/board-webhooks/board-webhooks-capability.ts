// Builds the board webhooks capability once: the service the board view's routes use, the route
// monday delivers to, and the worker's handler for stored board deliveries.
import type { Router } from "express";
import type { Config } from "../config/config.ts";
import type { PrismaClient } from "../db/client.ts";
import type { Inbox } from "../inbox/inbox.ts";
import type { DeliveryHandler } from "../inbox/worker.ts";
import type { Logger } from "../log/logger.ts";
import type { AccountMondayApi } from "../monday-api/account-api.ts";
import { boardDeliveryRouter } from "./board-delivery.route.ts";
import { boardEventHandler, type BoardEventListener } from "./board-event-handler.ts";
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
  handler: DeliveryHandler;
}

export function createBoardWebhooks(config: Config, prisma: PrismaClient, inbox: Inbox, api: AccountMondayApi, log: Logger, onEvent?: BoardEventListener): BoardWebhooksCapability {
  const monday = new MondayWebhooks(api);
  const service = new BoardWebhooksService(prisma, monday, new BoardOwnership(monday), { publicUrl: config.publicUrl, silentAfterMs: config.boardWebhookSilentAfterMs }, log);
  return {
    service,
    deliveryRouter: boardDeliveryRouter(config, prisma, inbox),
    apiRouter: boardWebhooksRouter(service),
    handler: boardEventHandler(onEvent),
  };
}
