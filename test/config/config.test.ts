// Configuration is checked at start: in production a missing or weak secret stops the start with a
// message naming it; outside production missing secrets are generated into a local .env.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config/config.ts";
import { ensureDevSecrets } from "../../server/config/dev-secrets.ts";
import { testEnv } from "../helpers/hookboard-server.ts";

const production = (overrides: Record<string, string | undefined>) => ({
  ...testEnv(),
  NODE_ENV: "production",
  PUBLIC_URL: "https://hooks.example.com",
  ...overrides,
});

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe("configuration", () => {
  it("When production starts without the signing secret, then the start fails naming MONDAY_SIGNING_SECRET", () => {
    expect(problemsOf(production({ MONDAY_SIGNING_SECRET: undefined }))).toEqual(["MONDAY_SIGNING_SECRET is missing"]);
  });

  it("When production starts with a weak client secret, then the start fails naming it", () => {
    expect(problemsOf(production({ MONDAY_CLIENT_SECRET: "secret" })).join()).toMatch(/MONDAY_CLIENT_SECRET is too weak/);
  });

  it("When the token encryption key is not 32 bytes, then the start fails naming it", () => {
    expect(problemsOf(production({ TOKEN_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") })).join()).toMatch(
      /TOKEN_ENCRYPTION_KEY must be 32 random bytes/,
    );
  });

  it("When production's PUBLIC_URL is not https, then the start fails", () => {
    expect(problemsOf(production({ PUBLIC_URL: "http://hooks.example.com" })).join()).toMatch(/PUBLIC_URL must be an https URL/);
  });

  it("When the API version is older than 2026-04, then the start fails", () => {
    expect(problemsOf(production({ MONDAY_API_VERSION: "2025-10" })).join()).toMatch(/MONDAY_API_VERSION/);
  });

  it("When nothing is configured, then the defaults of the architecture page apply", () => {
    const config = loadConfig(testEnv());
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: "file:./data/hookboard.db",
      provider: "sqlite",
      mondayApiUrl: "https://api.monday.com/v2",
      mondayAuthUrl: "https://auth.monday.com",
      mondayApiVersion: "2026-04",
      oauthFlow: "legacy",
      callbackHosts: ["monday.com", "*.monday.com"],
    });
    expect(loadConfig(testEnv({ DATABASE_URL: "postgresql://u@h/db" })).provider).toBe("postgresql");
  });

  it("When a development start has no secrets, then they are generated into .env and not regenerated next time", () => {
    const dir = mkdtempSync(join(tmpdir(), "hookboard-env-"));
    const env: Record<string, string | undefined> = {};
    expect(ensureDevSecrets(env, join(dir, ".env"))).toEqual(["MONDAY_CLIENT_ID", "MONDAY_CLIENT_SECRET", "MONDAY_SIGNING_SECRET", "TOKEN_ENCRYPTION_KEY"]);
    expect(() => loadConfig(env)).not.toThrow();
    expect(readFileSync(join(dir, ".env"), "utf8")).toContain(`MONDAY_SIGNING_SECRET=${env.MONDAY_SIGNING_SECRET}`);
    expect(ensureDevSecrets(env, join(dir, ".env"))).toEqual([]);
  });
});
