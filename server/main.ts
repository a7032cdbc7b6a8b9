// Starts Hookboard: configuration, migrations, HTTP server and worker; stops gracefully on SIGTERM.
import "dotenv/config";
import { resolve } from "node:path";
import type { Server } from "node:http";
import { createHookboard } from "./app.ts";
import { ConfigError, loadConfig } from "./config/config.ts";
import { ensureDevSecrets } from "./config/dev-secrets.ts";
import { createLogger } from "./log/logger.ts";
import { detectRuntime } from "./monday-code/runtime.ts";

/** Longest a graceful stop may take before the process exits anyway. */
const STOP_TIMEOUT_MS = 25_000;

async function main(): Promise<void> {
  const runtime = await detectRuntime();
  const env = runtime.config;
  if (runtime.kind === "local" && env.NODE_ENV !== "production") {
    const written = ensureDevSecrets(env, resolve(".env"));
    if (written.length) {
      console.warn(`Hookboard: wrote development secrets to .env (${written.join(", ")}). Replace them with your app's values from the Developer Center.`);
    }
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Hookboard cannot start. ${error.message}`);
      process.exit(78);
    }
    throw error;
  }
  const log = createLogger(config.logLevel, runtime.logDestination);
  const hookboard = createHookboard(config, { log });
  const applied = await hookboard.db.migrate();
  if (applied.length) log.info({ migrations: applied }, "database migrated");
  if (config.workerEnabled) {
    hookboard.worker.start();
    hookboard.features.callbacks.start();
  }

  const server: Server = hookboard.app.listen(config.port, () => {
    log.info({ port: config.port, publicUrl: config.publicUrl, database: config.provider, runtime: runtime.kind }, "Hookboard is listening");
  });
  server.keepAliveTimeout = 65_000;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: no new requests, finishing the ones in flight");
    setTimeout(() => {
      log.error("graceful stop took too long; exiting");
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeIdleConnections();
    await closed;
    await hookboard.close();
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("Hookboard failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
