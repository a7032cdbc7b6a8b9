// The refusals as someone starting Hookboard sees them: the production build (dist/server/main.js,
// built first when stale) run as `npm start` runs it,
// in a project folder of its own (its .env), exits with code 78 and one message naming the setting,
// having created nothing.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ensureServerBuilt, SERVER_DIST } from "../../scripts/build.mjs";
import { ensureDevSecrets } from "../../server/config/dev-secrets.ts";
import { testEnv } from "../helpers/hookboard-server.ts";

await ensureServerBuilt();
const MAIN = join(SERVER_DIST, "main.js");

function start(cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

const project = () => mkdtempSync(join(tmpdir(), "hookboard-start-"));

describe("a start that cannot serve", () => {
  it("When DATABASE_URL names MySQL, then the start exits 78 naming DATABASE_URL, and no file named after it appears", async () => {
    const dir = project();
    const { code, output } = await start(dir, { NODE_ENV: "development", DATABASE_URL: "mysql://root:hunter2-secret@localhost:3306/hookboard" });
    expect(code).toBe(78);
    expect(output).toContain("DATABASE_URL names MySQL, which Hookboard does not support");
    expect(output).not.toContain("hunter2-secret");
    // the development secrets a first start writes are all that is there: no "mysql:" folder, no database
    expect(readdirSync(dir)).toEqual([".env"]);
  });

  it("When production starts with the .env a first development start wrote, then it exits 78 naming the development variables", async () => {
    const dir = project();
    ensureDevSecrets({}, join(dir, ".env"));
    const { code, output } = await start(dir, { NODE_ENV: "production", PUBLIC_URL: "https://hooks.example.com" });
    expect(code).toBe(78);
    expect(output).toContain(
      "MONDAY_CLIENT_ID, MONDAY_CLIENT_SECRET, MONDAY_SIGNING_SECRET, TOKEN_ENCRYPTION_KEY are development values Hookboard generated into .env",
    );
    expect(readdirSync(dir)).toEqual([".env"]);
  });

  it("When the legacy OAuth flow is set with API version 2027-04, then the start exits 78 naming MONDAY_OAUTH_FLOW and why, having created nothing", async () => {
    const dir = project();
    const { code, output } = await start(
      dir,
      testEnv({ MONDAY_OAUTH_FLOW: "legacy", MONDAY_API_VERSION: "2027-04", DATABASE_URL: "file:./data/hookboard.db" }),
    );
    expect(code).toBe(78);
    expect(output).toContain("MONDAY_OAUTH_FLOW=legacy cannot be used with MONDAY_API_VERSION 2027-04");
    expect(output).toContain("OAUTH21_TOKEN_REQUIRED");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("When production starts without PUBLIC_URL, then the start exits 78 and says so once", async () => {
    const dir = project();
    const { PUBLIC_URL: _none, ...env } = testEnv({ NODE_ENV: "production", LOG_LEVEL: "info" });
    const { code, output } = await start(dir, env);
    expect(code).toBe(78);
    expect(output.match(/PUBLIC_URL/g)).toHaveLength(1);
    expect(output).toContain("PUBLIC_URL is required in production");
  });

  it("When DATABASE_URL names a PostgreSQL host that does not resolve, then the start exits 78 with one line naming DATABASE_URL and the host, no stack trace", async () => {
    const dir = project();
    const { code, output } = await start(
      dir,
      testEnv({ DATABASE_URL: "postgresql://postgres:hunter2-secret@nosuchhost.invalid:5432/hookboard", LOG_LEVEL: "silent" }),
    );
    expect(code).toBe(78);
    expect(output).toContain("DATABASE_URL");
    expect(output).toContain("nosuchhost.invalid");
    expect(output).not.toContain("hunter2-secret");
    expect(output).not.toMatch(/\n\s+at /);
  });

  it("When DATABASE_URL names a SQLite file in a folder that cannot be made, then the start exits 78 naming DATABASE_URL", async () => {
    const dir = project();
    // a file where the database's folder should be
    writeFileSync(join(dir, "data"), "not a folder");
    const { code, output } = await start(dir, testEnv({ DATABASE_URL: `file:${join(dir, "data", "hookboard.db")}`, LOG_LEVEL: "silent" }));
    expect(code).toBe(78);
    expect(output).toContain("DATABASE_URL");
    expect(output).not.toMatch(/\n\s+at /);
  });
});
