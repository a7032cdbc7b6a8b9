// Configuration is checked at start: in production a missing or weak secret, or the development
// secrets a first start generated, stop the start with a message naming the variable; a database
// engine Hookboard does not support is refused; outside production missing secrets are generated
// into a local .env.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config/config.ts";
import { DEV_SECRET_NAMES, ensureDevSecrets } from "../../server/config/dev-secrets.ts";
import { testEnv } from "../helpers/hookboard-server.ts";

const production = (overrides: Record<string, string | undefined> = {}) => ({
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

  it("When the API version is older than 2026-10, the one Hookboard's documents were checked against, then the start fails naming it", () => {
    for (const version of ["2025-10", "2026-04", "2026-07", "2026-13", "2026-11", "latest"]) {
      expect(problemsOf(production({ MONDAY_API_VERSION: version })).join(), version).toMatch(
        /MONDAY_API_VERSION must be a monday API version .* of 2026-10 or later/,
      );
    }
    expect(problemsOf(production({ MONDAY_API_VERSION: "2027-01" }))).toEqual([]);
  });

  it("When MONDAY_OAUTH_FLOW is not set, then OAuth 2.1 is used; legacy only when asked for", () => {
    expect(loadConfig(production()).oauthFlow).toBe("oauth2.1");
    expect(loadConfig(production({ MONDAY_OAUTH_FLOW: "legacy" })).oauthFlow).toBe("legacy");
  });

  it("When the legacy flow is asked for with API version 2027-04 or later, then the start fails saying monday refuses legacy tokens there", () => {
    for (const version of ["2027-04", "2027-07", "2028-01"]) {
      const problems = problemsOf(production({ MONDAY_OAUTH_FLOW: "legacy", MONDAY_API_VERSION: version }));
      expect(problems, version).toEqual([expect.stringMatching(/^MONDAY_OAUTH_FLOW=legacy cannot be used with MONDAY_API_VERSION .*OAUTH21_TOKEN_REQUIRED/)]);
    }
    expect(problemsOf(production({ MONDAY_OAUTH_FLOW: "legacy", MONDAY_API_VERSION: "2027-01" }))).toEqual([]);
    expect(problemsOf(production({ MONDAY_OAUTH_FLOW: "oauth2.1", MONDAY_API_VERSION: "2027-04" }))).toEqual([]);
  });

  it("When nothing is configured, then the defaults of the architecture page apply", () => {
    const config = loadConfig(testEnv());
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: "file:./data/hookboard.db",
      provider: "sqlite",
      mondayApiUrl: "https://api.monday.com/v2",
      mondayAuthUrl: "https://auth.monday.com",
      mondayApiVersion: "2026-10",
      oauthFlow: "oauth2.1",
      callbackHosts: ["monday.com", "*.monday.com"],
    });
    expect(loadConfig(testEnv({ DATABASE_URL: "postgresql://u@h/db" })).provider).toBe("postgresql");
  });

  it("When a process is told to serve nothing and apply nothing, then the start is refused naming WORKER_ENABLED and WEB_ENABLED", () => {
    expect(problemsOf(testEnv({ WORKER_ENABLED: "false", WEB_ENABLED: "false" })).join()).toMatch(/WORKER_ENABLED and WEB_ENABLED are both false/);
    expect(loadConfig(testEnv({ WEB_ENABLED: "false" }))).toMatchObject({ webEnabled: false, workerEnabled: true });
    expect(loadConfig(testEnv())).toMatchObject({ webEnabled: true, workerEnabled: true });
  });

  it("When DATABASE_URL names an engine Hookboard does not support, then the start is refused naming DATABASE_URL, the engine and what works, never the password", () => {
    const mysql = problemsOf(testEnv({ DATABASE_URL: "mysql://root:hunter2-secret@db.example.com:3306/app" }));
    expect(mysql).toEqual([
      "DATABASE_URL names MySQL, which Hookboard does not support: use file:<path> for SQLite (the default is file:./data/hookboard.db) or postgresql://user:password@host:5432/database for PostgreSQL",
    ]);
    expect(problemsOf(testEnv({ DATABASE_URL: "sqlserver://db.example.com:1433;database=app" })).join()).toMatch(
      /^DATABASE_URL names SQL Server, which Hookboard does not support/,
    );
    expect(problemsOf(testEnv({ DATABASE_URL: "redis://cache:6379" })).join()).toMatch(/^DATABASE_URL names "redis:", which Hookboard does not support/);
    expect(problemsOf(testEnv({ DATABASE_URL: "sqlite:./data/app.db" })).join()).toMatch(/^DATABASE_URL must name a SQLite file as file:<path>/);
    expect(problemsOf(testEnv({ DATABASE_URL: "./data/app.db" })).join()).toMatch(/^DATABASE_URL must start with file: or postgresql:\/\//);
    expect(problemsOf(testEnv({ DATABASE_URL: "postgresql://u:p@[not-a-host/db" })).join()).toMatch(/^DATABASE_URL is not a valid postgresql:\/\/ URL/);
    const broken = problemsOf(testEnv({ DATABASE_URL: "postgresql://u:hunter2-secret@[bad/db" })).join();
    expect(broken).not.toContain("hunter2-secret");
    // what works still works
    for (const url of ["file:./data/hookboard.db", "file:/var/lib/hookboard/db.sqlite", "postgres://u@h/db", "postgresql://u:p@h:5433/db?sslmode=require"]) {
      expect(problemsOf(testEnv({ DATABASE_URL: url })), url).toEqual([]);
    }
  });

  it("When production starts with the development secrets a first start wrote to .env, then it is refused naming each of them", () => {
    const dir = mkdtempSync(join(tmpdir(), "hookboard-env-"));
    const written: Record<string, string | undefined> = {};
    ensureDevSecrets(written, join(dir, ".env"));
    const problems = problemsOf(production(Object.fromEntries(DEV_SECRET_NAMES.map((name) => [name, written[name]]))));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^MONDAY_CLIENT_ID, MONDAY_CLIENT_SECRET, MONDAY_SIGNING_SECRET, TOKEN_ENCRYPTION_KEY are development values Hookboard generated into \.env/,
    );
    // one left behind among real values is named alone
    const one = problemsOf(production({ TOKEN_ENCRYPTION_KEY: written.TOKEN_ENCRYPTION_KEY }));
    expect(one).toEqual([expect.stringMatching(/^TOKEN_ENCRYPTION_KEY is a development value Hookboard generated into \.env/)]);
    // an .env written before generated secrets were marked still has its dev- client id
    expect(problemsOf(production({ MONDAY_CLIENT_ID: "dev-0a1b2c3d4e5f" })).join()).toMatch(/^MONDAY_CLIENT_ID is a development value/);
    // outside production they are what makes `npm start` work on a fresh clone
    expect(problemsOf({ ...testEnv(), NODE_ENV: "development", ...Object.fromEntries(DEV_SECRET_NAMES.map((name) => [name, written[name]])) })).toEqual([]);
  });

  it("When production starts without PUBLIC_URL, then the start says one thing: that PUBLIC_URL is required, and what it is for", () => {
    expect(problemsOf(production({ PUBLIC_URL: undefined }))).toEqual([
      "PUBLIC_URL is required in production: the https address monday reaches Hookboard at (webhook URLs, the OAuth redirect and JWT aud checks use it)",
    ]);
  });

  it("When any setting is wrong, then its problem names the variable to change", () => {
    const wrong: Record<string, string> = {
      PORT: "eighty",
      PUBLIC_URL: "not a url",
      DATABASE_URL: "mysql://h/db",
      MONDAY_CLIENT_SECRET: "short",
      MONDAY_SIGNING_SECRET: "changeme",
      TOKEN_ENCRYPTION_KEY: "c2hvcnQ=",
      TOKEN_ENCRYPTION_KEYS_PREVIOUS: "c2hvcnQ=",
      MONDAY_API_URL: "nowhere",
      MONDAY_AUTH_URL: "nowhere",
      MONDAY_API_VERSION: "2025-01",
      MONDAY_OAUTH_FLOW: "oauth3",
      FEATURE_SYNC_BUDGET_MS: "10",
      BODY_LIMIT_BYTES: "12",
      WORKER_CLAIM_TTL_MS: "5",
      BOARD_WEBHOOK_SILENT_HOURS: "-1",
    };
    for (const [name, value] of Object.entries(wrong)) {
      const problems = problemsOf(production({ [name]: value }));
      expect(problems.length, name).toBeGreaterThan(0);
      for (const problem of problems) expect(problem, `${name}=${value}`).toMatch(new RegExp(`^${name}\\b`));
    }
    for (const name of ["MONDAY_CLIENT_ID", "MONDAY_CLIENT_SECRET", "MONDAY_SIGNING_SECRET", "TOKEN_ENCRYPTION_KEY"]) {
      expect(problemsOf(production({ [name]: undefined })), name).toEqual([`${name} is missing`]);
    }
  });

  it("When a development start has no secrets, then they are generated into .env and not regenerated next time", () => {
    const dir = mkdtempSync(join(tmpdir(), "hookboard-env-"));
    const env: Record<string, string | undefined> = {};
    expect(ensureDevSecrets(env, join(dir, ".env"))).toEqual(["MONDAY_CLIENT_ID", "MONDAY_CLIENT_SECRET", "MONDAY_SIGNING_SECRET", "TOKEN_ENCRYPTION_KEY"]);
    expect(() => loadConfig(env)).not.toThrow();
    expect(readFileSync(join(dir, ".env"), "utf8")).toContain(`MONDAY_SIGNING_SECRET=${env.MONDAY_SIGNING_SECRET}`);
    // what it says about the OAuth flow is what configuration does: 2.1 unless legacy is asked for
    expect(readFileSync(join(dir, ".env"), "utf8")).toContain("MONDAY_OAUTH_FLOW defaults to oauth2.1");
    expect(loadConfig(env).oauthFlow).toBe("oauth2.1");
    expect(ensureDevSecrets(env, join(dir, ".env"))).toEqual([]);
  });
});
