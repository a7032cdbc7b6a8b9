// GET /view/: the built board view (client/dist), the page monday frames on a board. Hashed
// assets are cached for good; the page itself is always revalidated so a deploy shows at once.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router } from "express";
import { HttpError } from "../http/http-error.ts";

export const CLIENT_DIST = join(dirname(fileURLToPath(import.meta.url)), "../../client/dist");

// Vibe injects its component styles at run time, hence 'unsafe-inline' for styles only
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
].join("; ");

export function boardViewRouter(dist = CLIENT_DIST): Router {
  const router = Router();
  const page = join(dist, "index.html");

  router.get(/^\/view$/, (req, res) => {
    const query = req.originalUrl.slice("/view".length);
    res.redirect(301, `/view/${query}`);
  });

  router.use("/view/assets", express.static(join(dist, "assets"), { index: false, immutable: true, maxAge: "365d", fallthrough: true }));

  router.get(/^\/view\/(?!assets\/).*/, (_req, res) => {
    if (!existsSync(page)) {
      throw new HttpError(503, "view_not_built", "The board view has not been built; run `npm run build:client` on the server");
    }
    res.set({
      "Cache-Control": "no-cache",
      "Content-Security-Policy": CONTENT_SECURITY_POLICY,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    res.sendFile(page);
  });

  return router;
}
