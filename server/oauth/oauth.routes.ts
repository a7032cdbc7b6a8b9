// POST /oauth/start (the board view, sessionToken in Authorization: answers the address of monday's
// consent page, which the view opens in a new window, so no sessionToken travels in a URL),
// GET /oauth/start?sessionToken=… (the older way, kept for views built before) and GET /oauth/callback
// (where monday sends the browser back). A browser gets an HTML page; any other client JSON.
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { tokenFromAuthorization } from "../auth/monday-jwt.ts";
import { verifySessionToken } from "../auth/session-token.ts";
import { toUnauthorized } from "../auth/webhook-auth.ts";
import type { Config } from "../config/config.ts";
import { HttpError } from "../http/http-error.ts";
import { sendCallbackPage } from "./callback-page.ts";
import type { OAuthConnect } from "./oauth-connect.ts";

const param = z.string().trim().min(1).max(2048);
const callbackQuery = z.object({
  state: param.optional(),
  code: param.optional(),
  status: z.string().trim().max(100).optional(),
  error: z.string().trim().max(200).optional(),
});

const wantsHtml = (req: Request) => req.accepts(["json", "html"]) === "html";

export function oauthRouter(config: Config, connect: OAuthConnect): Router {
  const router = Router();
  const viewOrigin = new URL(config.publicUrl).origin;

  const fail = (req: Request, res: Response, error: unknown) => {
    if (!(error instanceof HttpError) || !wantsHtml(req)) throw error;
    sendCallbackPage(res, error.status, { ok: false, title: "Hookboard could not connect to monday", message: error.message, code: error.code }, viewOrigin);
  };

  const sessionFrom = async (token: string | null) => {
    try {
      return await verifySessionToken(config, token);
    } catch (error) {
      throw toUnauthorized(error);
    }
  };

  // The consent page's address carries a one-time state (stored hashed, bound to this user, valid
  // 10 minutes, used up by the callback): it is the short-lived, single-use link the view opens.
  router.post("/oauth/start", async (req, res) => {
    res.set({ "Cache-Control": "no-store" });
    const session = await sessionFrom(tokenFromAuthorization(req.get("authorization")));
    res.status(201).json({ url: await connect.start(session) });
  });

  router.get("/oauth/start", async (req, res) => {
    // the sessionToken rides in the URL here, so it must not leak onward in a Referer header
    res.set({ "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" });
    try {
      const given = typeof req.query.sessionToken === "string" ? req.query.sessionToken : tokenFromAuthorization(req.get("authorization"));
      res.redirect(302, await connect.start(await sessionFrom(given ?? null)));
    } catch (error) {
      fail(req, res, error);
    }
  });

  router.get("/oauth/callback", async (req, res) => {
    res.set({ "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" });
    try {
      const parsed = callbackQuery.safeParse(req.query);
      if (!parsed.success) throw new HttpError(400, "invalid_callback", "The sign-in answer from monday is not valid");
      const { state, ...rest } = parsed.data;
      if (!state) throw new HttpError(400, "invalid_state", "The sign-in answer from monday carries no state; start connecting again from the board view");
      const connected = await connect.finish({ state, ...rest });
      if (!wantsHtml(req)) {
        res.json({ connected: true, accountId: connected.accountId, scopes: connected.scopes });
        return;
      }
      sendCallbackPage(
        res,
        200,
        {
          ok: true,
          title: "Hookboard is connected to monday",
          message: "It worked: Hookboard can now manage this account's board webhooks. You can close this window.",
        },
        viewOrigin,
      );
    } catch (error) {
      fail(req, res, error);
    }
  });
  return router;
}
