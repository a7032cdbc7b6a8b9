// The real Hookboard app on a real database, listening on a free local port.
import { createServer } from "node:http";
import { composeHookboard, type HookboardOptions, type HookboardParts } from "../../server/app.ts";
import type { HandlerRegistry } from "../../server/handlers/registry.ts";
import { loadConfig } from "../../server/config/config.ts";
import { createTestDatabase, type DbKind, type TestDatabase } from "./databases.ts";
import { TEST_SECRETS } from "../../server/test-kit/monday-tokens.ts";
import { closeLocal, listenLocal } from "../../server/test-kit/local-server.ts";

export interface RunningHookboard {
  url: string;
  hookboard: HookboardParts;
  database: TestDatabase;
  /** stops the server and the worker; keeps the database unless `drop` */
  stop(options?: { drop?: boolean }): Promise<void>;
}

export interface StartOptions extends HookboardOptions {
  kind?: DbKind;
  /** reuse an existing database (e.g. to restart on the same one) */
  database?: TestDatabase;
  env?: Record<string, string>;
  /** registers handlers before the worker starts (as an app does before `start`) */
  register?: (registry: HandlerRegistry) => void;
  /** start the background worker (default true) */
  worker?: HookboardOptions["worker"] & { enabled?: boolean };
}

export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: "test",
    MONDAY_CLIENT_ID: TEST_SECRETS.clientId,
    MONDAY_CLIENT_SECRET: TEST_SECRETS.clientSecret,
    MONDAY_SIGNING_SECRET: TEST_SECRETS.signingSecret,
    TOKEN_ENCRYPTION_KEY: TEST_SECRETS.tokenEncryptionKey,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    // the background reconcile of board webhooks is a task delivery of its own: off unless a test is about it
    BOARD_WEBHOOK_RECONCILE_MINUTES: "0",
    ...extra,
  };
}

export async function startHookboard(options: StartOptions = {}): Promise<RunningHookboard> {
  const database = options.database ?? (await createTestDatabase(options.kind ?? "sqlite"));
  const server = createServer();
  const url = await listenLocal(server);
  const config = loadConfig(testEnv({ PUBLIC_URL: url, DATABASE_URL: database.url, ...options.env }));
  const hookboard = composeHookboard(config, {
    ...options,
    worker: { pollMs: 50, backoff: { baseMs: 50, maxMs: 500 }, ...options.worker },
  });
  options.register?.(hookboard.registry);
  // not frozen: a test may register a handler for one case on a running Hookboard
  hookboard.registry.check();
  await hookboard.db.migrate();
  server.on("request", hookboard.app);
  if (options.worker?.enabled !== false) {
    hookboard.worker.start();
    hookboard.features.callbacks.start();
    hookboard.periodic.start();
  }
  return {
    url,
    hookboard,
    database,
    async stop({ drop = false } = {}) {
      await closeLocal(server);
      await hookboard.close();
      if (drop) await database.drop();
    },
  };
}

/** Waits until `check` is truthy (polling), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  timeoutMs = 10_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
