// GET /view/: the built board view (client/dist), the page monday frames on a board. Hashed
// assets are cached for good; the page itself is always revalidated so a deploy shows at once. Only
// monday may frame it (`frame-ancestors`), so no other site can show it to a user and borrow its session.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import express, { Router } from "express";
import { HttpError } from "../http/http-error.ts";

export const CLIENT_DIST = join(dirname(fileURLToPath(import.meta.url)), "../../client/dist");

/** Where monday frames the board view: its own pages, on monday.com and its account subdomains. */
export const MONDAY_FRAME_ANCESTORS = ["https://monday.com", "https://*.monday.com"];
/** Outside production the stand-in monday host page (npm run dev, the tests) frames it from this machine. */
export const LOCAL_FRAME_ANCESTORS = ["http://localhost:*", "http://127.0.0.1:*"];

export interface BoardViewOptions {
  /** production: only monday may frame the view; elsewhere the local stand-in host may too */
  production: boolean;
}

/** The view's policy: its own scripts only, and framed by monday (and in development the stand-in host) only. */
export function contentSecurityPolicy({ production }: BoardViewOptions): string {
  const ancestors = production ? MONDAY_FRAME_ANCESTORS : [...MONDAY_FRAME_ANCESTORS, ...LOCAL_FRAME_ANCESTORS];
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Vibe injects its component styles at run time, hence 'unsafe-inline' for styles only
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${ancestors.join(" ")}`,
  ].join("; ");
}

export function boardViewRouter(options: BoardViewOptions, dist = CLIENT_DIST): Router {
  const router = Router();
  const policy = contentSecurityPolicy(options);
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
      "Content-Security-Policy": policy,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    res.sendFile(page);
  });

  return router;
}
