// POST /webhooks/lifecycle: monday's app lifecycle webhooks (install, uninstall, subscriptions).
import { createHash } from "node:crypto";
import { Router } from "express";
import { requireWebhookJwt } from "../auth/webhook-auth.ts";
import type { Config } from "../config/config.ts";
import { HttpError } from "../http/http-error.ts";
import { parseJsonObject, readWebhookBody } from "../http/webhook-body.ts";
import type { Inbox } from "../inbox/inbox.ts";
import { refuseEventFromTheFuture } from "./event-time.ts";
import { lifecycleBodySchema } from "./events.ts";
import { describeZodError } from "../http/zod-error.ts";

/** monday may send an event twice; type + account + data.timestamp identify it. */
export function lifecycleIdempotencyKey(type: string, accountId: string, timestamp: string): string {
  const at = new Date(timestamp).toISOString();
  return "lifecycle:" + createHash("sha256").update(`${type}\n${accountId}\n${at}`).digest("hex");
}

export function lifecycleRouter(config: Config, inbox: Inbox): Router {
  const router = Router();
  router.post("/webhooks/lifecycle", ...readWebhookBody(config.bodyLimitBytes), requireWebhookJwt(config), async (req, res) => {
    const parsed = lifecycleBodySchema.safeParse(parseJsonObject(req.rawBody));
    if (!parsed.success) throw new HttpError(400, "invalid_body", describeZodError(parsed.error));
    const body = parsed.data;
    if (req.monday!.accountId !== body.data.account_id) {
      throw new HttpError(401, "jwt_account_mismatch", "token was issued for another account");
    }
    refuseEventFromTheFuture(new Date(body.data.timestamp), req.monday!);
    const accepted = await inbox.accept({
      source: "lifecycle",
      type: body.type,
      idempotencyKey: lifecycleIdempotencyKey(body.type, body.data.account_id, body.data.timestamp),
      accountId: body.data.account_id,
      payload: req.rawBody!.toString("utf8"),
      requestId: req.requestId,
    });
    res.status(200).json({ ok: true, deliveryId: accepted.id, duplicate: accepted.duplicate });
  });
  return router;
}
