// GET /view/ serves the built board view: the page always revalidated, hashed assets cached for
// good, monday's ?sessionToken kept through the redirect, and a clear error when nothing is built.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boardViewRouter } from "../../server/board-view/board-view.route.ts";
import { errorMiddleware, notFoundMiddleware } from "../../server/http/error-middleware.ts";
import { createLogger } from "../../server/log/logger.ts";
import { startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { request } from "../helpers/http.ts";
import { requireBrowserSetup } from "./browser.ts";

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
    const app = express();
    app.use(boardViewRouter("/nonexistent/client/dist"));
    app.use(notFoundMiddleware);
    app.use(errorMiddleware(createLogger("silent")));
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    try {
      const res = await request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/view/`);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: { code: "view_not_built", message: "The board view has not been built; run `npm run build:client` on the server" } });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
