// GET /view/ serves the built board view: the page always revalidated, hashed assets cached for
// good, monday's ?sessionToken kept through the redirect, a clear error when nothing is built, a
// policy that lets only monday (and the local stand-in host outside production) frame the page, and
// the first JavaScript within its budget.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boardViewRouter } from "../../server/board-view/board-view.route.ts";
import { errorMiddleware, notFoundMiddleware } from "../../server/http/error-middleware.ts";
import { createLogger } from "../../server/log/logger.ts";
import { startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { request } from "../helpers/http.ts";
import { requireBrowserSetup } from "./browser.ts";
import { recordFigure } from "./figures.ts";

/** The origins the page's Content-Security-Policy lets frame it. */
function frameAncestorsOf(res: Response): string[] {
  const policy = res.headers.get("content-security-policy") ?? "";
  const directive = policy
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith("frame-ancestors "));
  return directive ? directive.split(/\s+/).slice(1) : [];
}

/** `router` alone behind real HTTP, as Hookboard mounts it. */
async function withRouter(router: express.Router, use: (base: string) => Promise<void>): Promise<void> {
  const app = express();
  app.use(router);
  app.use(notFoundMiddleware);
  app.use(errorMiddleware(createLogger("silent")));
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  try {
    await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
}

describe("serving the board view", () => {
  let hb: RunningHookboard;
  beforeAll(async () => {
    requireBrowserSetup();
    hb = await startHookboard({ kind: "sqlite", worker: { enabled: false } });
  });
  afterAll(() => hb?.stop({ drop: true }));

  it("When monday frames /view/, then the page comes with no-cache, a script policy and the built assets", async () => {
    const res = await fetch(`${hb.url}/view/?sessionToken=abc`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(res.headers.get("x-frame-options")).toBeNull();
    const html = await res.text();
    expect(html).toContain('<div id="root"></div>');
    expect(html).toMatch(/src="\/view\/assets\/index-[\w-]+\.js"/);
  });

  it("When an asset of the page is fetched, then it is cached for a year as immutable", async () => {
    const html = await (await fetch(`${hb.url}/view/`)).text();
    const script = /src="(\/view\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    const res = await fetch(`${hb.url}${script}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("javascript");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("When /view is asked without its slash, then it redirects to /view/ keeping the sessionToken", async () => {
    const res = await fetch(`${hb.url}/view?sessionToken=abc.def`, { redirect: "manual" });
    expect(res.status).toBe(301);
    expect(res.headers.get("location")).toBe("/view/?sessionToken=abc.def");
  });

  it("When an asset does not exist, then the answer is a JSON 404, not the page", async () => {
    const res = await request(`${hb.url}/view/assets/nothing-here.js`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: "No such route" } });
  });

  it("When the view was never built, then /view/ answers 503 saying how to build it", async () => {
    await withRouter(boardViewRouter({ production: false }, "/nonexistent/client/dist"), async (base) => {
      const res = await request(`${base}/view/`);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: { code: "view_not_built", message: "The board view has not been built; run `npm run build:client` on the server" } });
    });
  });

  it("When /view/ is served outside production, then its policy lets monday and the local stand-in host frame it, and nothing else", async () => {
    const res = await fetch(`${hb.url}/view/?sessionToken=abc`);
    expect(frameAncestorsOf(res)).toEqual(["https://monday.com", "https://*.monday.com", "http://localhost:*", "http://127.0.0.1:*"]);
  });

  it("When /view/ is served in production, then only monday's origins may frame it", async () => {
    await withRouter(boardViewRouter({ production: true }), async (base) => {
      const res = await fetch(`${base}/view/`);
      expect(res.status).toBe(200);
      expect(frameAncestorsOf(res)).toEqual(["https://monday.com", "https://*.monday.com"]);
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    });
  });

  it("When the page loads, then its first JavaScript (the page's script and what it imports before running) is at most 160 KB gzip", async () => {
    const html = await (await fetch(`${hb.url}/view/`)).text();
    const first = [...html.matchAll(/<script type="module"[^>]* src="([^"]+)"|<link rel="modulepreload"[^>]* href="([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
    const seen = new Map<string, number>();
    // the scripts the page names, and every module they import statically (dynamic imports load later)
    const queue = [...first];
    while (queue.length) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      const res = await fetch(`${hb.url}${path}`);
      expect(res.status, path).toBe(200);
      const code = await res.text();
      seen.set(path, gzipSync(code).length);
      for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w{}\s,*]+from\s*)?"(\.\/[^"]+\.js)"/g)) queue.push(new URL(m[1]!, `http://x${path}`).pathname);
    }
    const total = [...seen.values()].reduce((a, b) => a + b, 0);
    recordFigure("viewInitialJsGzipBytes", total);
    expect(seen.size).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(160 * 1024);
  });
});
