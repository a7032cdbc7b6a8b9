// The board view's webhook routes: GET/POST /api/boards/:boardId/webhooks, POST .../reconcile,
// POST .../:id/recreate and DELETE .../:id, scoped to the sessionToken's account and acting with
// the user's own monday connection (an admin may use the account's).
import { Router, type Request } from "express";
import { z } from "zod";
import { sessionOf } from "../auth/session-token.ts";
import { badRequest, HttpError } from "../http/http-error.ts";
import { describeZodError } from "../http/zod-error.ts";
import type { AccountRef } from "../monday-api/account-api.ts";
import { answeringMondayErrors } from "../monday-api/http-errors.ts";
import type { BoardWebhooksService, BoardWebhookView } from "./board-webhooks.service.ts";
import { createWebhookBody } from "./webhook-events.ts";

const boardId = z.string().regex(/^\d{1,20}$/);
const webhookId = z.string().uuid();

function boardOf(req: Request): string {
  const parsed = boardId.safeParse(req.params.boardId);
  if (!parsed.success) throw badRequest("boardId must be a monday board id", "invalid_board_id");
  return parsed.data;
}

function accountOf(req: Request): AccountRef {
  const session = sessionOf(req);
  return { accountId: session.accountId, userId: session.userId, isAdmin: session.isAdmin };
}

function requireEditor(req: Request): void {
  const session = sessionOf(req);
  if (!session.canEdit) throw new HttpError(403, "forbidden", "Viewers and guests cannot change the board's webhooks");
}

function requireAdmin(req: Request, what: string): void {
  if (!sessionOf(req).isAdmin) throw new HttpError(403, "forbidden", `Only account admins can ${what}`);
}

function webhookOf(req: Request): string {
  const id = webhookId.safeParse(req.params.id);
  if (!id.success) throw new HttpError(404, "webhook_not_found", "No such webhook on this board");
  return id.data;
}

/** A hand-made webhook's URL is its only protection: viewers and guests are not shown it. */
function shownTo(req: Request, webhook: BoardWebhookView): BoardWebhookView {
  const session = sessionOf(req);
  return webhook.url && !session.canEdit ? { ...webhook, url: null } : webhook;
}

export function boardWebhooksRouter(service: BoardWebhooksService): Router {
  const router = Router();

  router.get("/api/boards/:boardId/webhooks", async (req, res) => {
    const board = boardOf(req);
    const webhooks = await answeringMondayErrors(() => service.list(accountOf(req), board));
    res.json({ webhooks: webhooks.map((w) => shownTo(req, w)) });
  });

  router.post("/api/boards/:boardId/webhooks", async (req, res) => {
    const board = boardOf(req);
    requireEditor(req);
    if (!req.is("application/json")) throw new HttpError(415, "unsupported_media_type", "Content-Type must be application/json");
    const parsed = createWebhookBody.safeParse(req.body ?? {});
    if (!parsed.success) throw badRequest(describeZodError(parsed.error), "invalid_body");
    const webhook = await answeringMondayErrors(() => service.create(accountOf(req), board, parsed.data));
    res.status(201).json(webhook);
  });

  router.post("/api/boards/:boardId/webhooks/reconcile", async (req, res) => {
    const board = boardOf(req);
    const webhooks = await answeringMondayErrors(() => service.reconcileNow(accountOf(req), board));
    res.json({ webhooks: webhooks.map((w) => shownTo(req, w)) });
  });

  router.post("/api/boards/:boardId/webhooks/:id/recreate", async (req, res) => {
    const board = boardOf(req);
    requireAdmin(req, "recreate a webhook or give it a new URL");
    const id = webhookOf(req);
    const webhook = await answeringMondayErrors(() => service.recreate(accountOf(req), board, id));
    res.status(201).json(webhook);
  });

  router.delete("/api/boards/:boardId/webhooks/:id", async (req, res) => {
    const board = boardOf(req);
    requireEditor(req);
    const id = webhookOf(req);
    await answeringMondayErrors(() => service.delete(accountOf(req), board, id, sessionOf(req).isAdmin));
    res.status(204).end();
  });

  return router;
}
