// The same build runs locally (process.env, stdout) and on monday code (the apps SDK's variable and
// secret stores, its logger), without code changes.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config/config.ts";
import { configFromStores, detectRuntime, lineLoggerDestination } from "../../server/monday-code/runtime.ts";
import { createLogger } from "../../server/log/logger.ts";
import { testEnv } from "../helpers/hookboard-server.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

describe("where Hookboard runs", () => {
  it("When K_SERVICE is not set, then configuration is the process environment and logs go to stdout", async () => {
    const runtime = await detectRuntime({ ...testEnv(), PORT: "9999" });
    expect(runtime.kind).toBe("local");
    expect(runtime.logDestination).toBeUndefined();
    expect(loadConfig(runtime.config).port).toBe(9999);
  });

  it("When monday code's stores hold a value, then it wins over the process environment, secrets from the secrets store", () => {
    const variables = new Map<string, string>([
      ["PUBLIC_URL", "https://hookboard.monday.app"],
      ["MONDAY_SIGNING_SECRET", "not-from-here-0123456789"],
    ]);
    const secrets = new Map<string, string>([["MONDAY_SIGNING_SECRET", "from-the-secrets-store-0123456789"]]);
    const source = configFromStores({ ...testEnv(), PUBLIC_URL: "http://ignored" }, variables, secrets);
    const config = loadConfig(source);
    expect(config.publicUrl).toBe("https://hookboard.monday.app");
    expect(config.mondaySigningSecret).toBe("from-the-secrets-store-0123456789");
    expect(config.mondayClientSecret).toBe(testEnv().MONDAY_CLIENT_SECRET);
  });

  it("When pino writes through monday code's logger, then each line keeps its level and its redaction", () => {
    const seen: [string, string][] = [];
    const log = createLogger(
      "debug",
      lineLoggerDestination({
        debug: (m) => seen.push(["debug", m]),
        info: (m) => seen.push(["info", m]),
        warn: (m) => seen.push(["warn", m]),
        error: (m) => seen.push(["error", m]),
      }),
    );
    log.info({ token: "abc.def.ghi" }, "connected");
    log.error("failed");
    log.debug("detail");
    expect(seen.map(([level]) => level)).toEqual(["info", "error", "debug"]);
    expect(seen[0]![1]).toContain('"token":"[redacted]"');
  });

  // The real SDK reads monday code's mounted files (/secrets-v2/<SECRET_NAME> for secrets,
  // /secrets/<SECRET_NAME> for variables); monday-code-mounts.ts maps those folders into a temporary
  // one for the child process, so this runs without root, everywhere.
  it("When the server starts on monday code, then the SDK's stores configure it and its logger carries the logs", () => {
    const name = `hookboard-test-${randomBytes(4).toString("hex")}`;
    const mounts = mkdtempSync(join(tmpdir(), "hookboard-monday-code-"));
    mkdirSync(join(mounts, "secrets-v2"));
    mkdirSync(join(mounts, "secrets"));
    const env = testEnv();
    writeFileSync(
      join(mounts, "secrets-v2", name),
      JSON.stringify({
        MONDAY_CLIENT_SECRET: env.MONDAY_CLIENT_SECRET,
        MONDAY_SIGNING_SECRET: env.MONDAY_SIGNING_SECRET,
        TOKEN_ENCRYPTION_KEY: env.TOKEN_ENCRYPTION_KEY,
      }),
    );
    writeFileSync(
      join(mounts, "secrets", name),
      JSON.stringify({ MONDAY_CLIENT_ID: "from-monday-code", PUBLIC_URL: "https://hookboard.example.monday.app", LOG_LEVEL: "info" }),
    );
    try {
      const script = `
        import { detectRuntime } from "./server/monday-code/runtime.ts";
        import { loadConfig } from "./server/config/config.ts";
        import { createLogger } from "./server/log/logger.ts";
        const runtime = await detectRuntime();
        const config = loadConfig(runtime.config);
        createLogger(config.logLevel, runtime.logDestination).info({ clientId: config.mondayClientId }, "hello from monday code");
        console.error(JSON.stringify({ kind: runtime.kind, publicUrl: config.publicUrl, clientId: config.mondayClientId, signingMatches: config.mondaySigningSecret === ${JSON.stringify(env.MONDAY_SIGNING_SECRET)} }));
        setTimeout(() => process.exit(0), 200);`;
      const child = spawnSync(
        process.execPath,
        ["--import", "tsx", "--import", "./test/monday-code/monday-code-mounts.ts", "--input-type=module", "-e", script],
        {
          cwd: ROOT,
          encoding: "utf8",
          env: {
            PATH: process.env.PATH,
            HOME: process.env.HOME,
            K_SERVICE: "hookboard",
            SECRET_NAME: name,
            NODE_ENV: "production",
            MONDAY_CODE_MOUNTS_DIR: mounts,
          },
        },
      );
      const report = JSON.parse(child.stderr.trim().split("\n").pop()!) as Record<string, unknown>;
      expect(report).toEqual({ kind: "monday-code", publicUrl: "https://hookboard.example.monday.app", clientId: "from-monday-code", signingMatches: true });
      const sdkLine = child.stdout.split("\n").find((l) => l.includes("hello from monday code"));
      expect(sdkLine).toBeDefined();
      expect(JSON.parse(sdkLine!)).toMatchObject({ severity: "INFO", tag: "hookboard" });
    } finally {
      rmSync(mounts, { recursive: true, force: true });
    }
  });
});
