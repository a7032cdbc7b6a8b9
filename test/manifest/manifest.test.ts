// manifest.json is what `mapps manifest:import` reads: it must carry the fields the Developer
// Center needs, and every URL in it must reach a route Hookboard serves.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startHookboard, type RunningHookboard } from "../helpers/hookboard-server.ts";
import { sessionToken } from "../../server/test-kit/monday-tokens.ts";

const manifestSchema = z.object({
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  app: z.object({
    name: z.string().min(1),
    color: z.string().regex(/^#[0-9A-Fa-f]{6}$/),
    oauth: z.object({ scopes: z.array(z.string()), redirectUris: z.array(z.string()).optional() }),
    features: z.array(z.object({ key: z.string().min(1), type: z.string(), name: z.string().min(1), data: z.record(z.string(), z.unknown()) })).min(1),
  }),
});

const raw = readFileSync(new URL("../../manifest.json", import.meta.url), "utf8");

/** What the CLI does before upload: `{{VAR}}` placeholders replaced by the environment's values. */
function substitute(text: string, env: Record<string, string>): string {
  return text.replace(/\{\{\s*([A-Z0-9_]+)\s*\}\}/g, (_m, name: string) => {
    if (!(name in env)) throw new Error(`manifest uses {{${name}}}, which is not set`);
    return env[name]!;
  });
}

function urlsIn(value: unknown): string[] {
  if (typeof value === "string") return /^https?:\/\//.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(urlsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(urlsIn);
  return [];
}

describe("manifest.json", () => {
  let hb: RunningHookboard;
  beforeAll(async () => {
    hb = await startHookboard();
  });
  afterAll(() => hb.stop({ drop: true }));

  it("When the manifest is read, then it names the app, its colour, the four scopes Hookboard needs and a board view feature", () => {
    const manifest = manifestSchema.parse(JSON.parse(raw));
    expect(manifest.app.name).toBe("Hookboard");
    expect([...manifest.app.oauth.scopes].sort()).toEqual(["boards:read", "me:read", "webhooks:read", "webhooks:write"]);
    expect(manifest.app.features.map((f) => f.type)).toContain("AppFeatureBoardView");
  });

  it("When the placeholders are substituted, then every URL in the manifest points into PUBLIC_URL", () => {
    const urls = urlsIn(JSON.parse(substitute(raw, { PUBLIC_URL: "https://hooks.example.com" })));
    expect(urls.length).toBeGreaterThanOrEqual(2);
    for (const url of urls) expect(url.startsWith("https://hooks.example.com/")).toBe(true);
  });

  it("When monday opens the manifest's URLs on a running server, then each reaches a route Hookboard serves", async () => {
    const manifest = manifestSchema.parse(JSON.parse(substitute(raw, { PUBLIC_URL: hb.url })));
    const view = String(manifest.app.features.find((f) => f.type === "AppFeatureBoardView")!.data.url);
    const token = await sessionToken({ accountId: 1 });
    const page = await fetch(`${view}?sessionToken=${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);

    // the OAuth redirect answers monday's callback (here: with an unknown state, so a clear 400)
    const [redirect] = manifest.app.oauth.redirectUris ?? [];
    const callback = await fetch(`${redirect}?code=abc&state=unknown`);
    expect(callback.status).toBe(400);
  });
});
