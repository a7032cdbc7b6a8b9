// POST /webhooks/board/:urlToken: monday's board webhook deliveries. The URL names the webhook. A JWT,
// when one comes, must be signed with the app's Signing Secret, name exactly this URL in `aud`, and be
// of the account that owns the webhook. Webhooks made with the app's OAuth token always get one;
// those made with a personal token or in the board's Webhooks recipe never do, and their events are
// stored marked unsigned. The challenge is echoed; events are stored before the 200.
import { Router } from "express";
import { decodeJwt } from "jose";
import { MondayJwtError, tokenFromAuthorization, verifyMondayJwt, type MondayClaims } from "../auth/monday-jwt.ts";
import { publicUrlOf, toUnauthorized } from "../auth/webhook-auth.ts";
import type { Config } from "../config/config.ts";
import type { PrismaClient } from "../db/client.ts";
import { HttpError } from "../http/http-error.ts";
import { parseJsonObject, readWebhookBody } from "../http/webhook-body.ts";
import { describeZodError } from "../http/zod-error.ts";
import type { Inbox } from "../inbox/inbox.ts";
import { boardEventBody, challengeBody, eventFacts } from "./board-event.ts";
import { webhookCache } from "./webhook-cache.ts";
import { BOARD_WEBHOOK_PATH, URL_TOKEN_PATTERN } from "./webhook-url.ts";

const RECEIVING = ["pending", "active", "missing"] as const;
const RECEIVING_STATES: ReadonlySet<string> = new Set(RECEIVING);

/** Board webhooks are signed with the Signing Secret only, and always name their URL in `aud`. */
async function verifyBoardJwt(config: Config, token: string, url: string): Promise<MondayClaims> {
  const claims = await verifyMondayJwt(token, { secrets: [{ kind: "signing", secret: config.mondaySigningSecret }], audience: url });
  if (decodeJwt(token).aud === undefined) throw new MondayJwtError("audience", "token names no audience");
  return claims;
}

export function boardDeliveryRouter(config: Config, prisma: PrismaClient, inbox: Inbox): Router {
  const router = Router();
  const webhooks = webhookCache(prisma, RECEIVING_STATES);
  router.post(`${BOARD_WEBHOOK_PATH}/:urlToken`, ...readWebhookBody(config.bodyLimitBytes), async (req, res) => {
    const urlToken = String(req.params.urlToken);
    const webhook = URL_TOKEN_PATTERN.test(urlToken) ? await webhooks.byUrlToken(urlToken) : null;
    if (!webhook) throw new HttpError(404, "unknown_webhook", "Hookboard issued no webhook at this URL");
    if (!RECEIVING_STATES.has(webhook.state)) {
      const why = webhook.state === "replaced" ? "was replaced by one with a new URL" : "was deleted or its account uninstalled the app";
      throw new HttpError(410, "webhook_gone", `This webhook ${why}`);
    }

    const jwt = tokenFromAuthorization(req.get("authorization"));
    let claims: MondayClaims | null = null;
    if (jwt) {
      try {
        claims = await verifyBoardJwt(config, jwt, publicUrlOf(config, req.originalUrl));
      } catch (error) {
        throw toUnauthorized(error);
      }
      if (claims.accountId !== webhook.accountId) throw new HttpError(401, "jwt_account_mismatch", "token was issued for another account");
    }

    const body = parseJsonObject(req.rawBody);
    const challenge = challengeBody.safeParse(body);
    if (challenge.success) {
      res.status(200).json({ challenge: challenge.data.challenge });
      return;
    }
    if (!claims && webhook.viaOAuth) {
      throw new HttpError(401, "jwt_missing", "Authorization header with a monday JWT is required: this webhook was created with an OAuth token");
    }
    const parsed = boardEventBody.safeParse(body);
    if (!parsed.success) throw new HttpError(400, "invalid_body", describeZodError(parsed.error));
    const event = parsed.data.event;

    const accepted = await inbox.accept({
      source: "board",
      // what the webhook subscribed to reads better in the board view than monday's internal names
      type: webhook.event,
      idempotencyKey: `board:${webhook.id}:${event.triggerUuid}`,
      accountId: webhook.accountId,
      boardId: webhook.boardId,
      webhookId: webhook.id,
      // a delete or uninstall since the row was read (webhook-cache.ts) stores nothing: 410
      webhookMustBeIn: RECEIVING,
      payload: req.rawBody!.toString("utf8"),
      meta: { ...eventFacts(event), authenticated: claims !== null, userId: claims?.userId ?? null },
      requestId: req.requestId,
    });
    res.status(200).json({ ok: true, deliveryId: accepted.id, duplicate: accepted.duplicate });
  });
  return router;
}
