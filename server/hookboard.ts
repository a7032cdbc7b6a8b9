// The Hookboard an app is built on: register handlers, start, stop.
//
//   const hookboard = createHookboard(loadConfig(process.env));
//   hookboard.on("board:create_item", async (event, ctx) => { … });
//   await hookboard.start();   // migrations, worker, HTTP on config.port
//   await hookboard.stop();    // graceful, as SIGTERM does
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { composeHookboard, type HookboardOptions as PartsOptions, type HookboardParts } from "./app.ts";
import type { Config } from "./config/config.ts";
import type { HandlerKey } from "./handlers/keys.ts";
import type { HandlerOf, RegisterOptions } from "./handlers/registry.ts";
import { describeDatabaseError, describeDatabaseUrl } from "./db/database-errors.ts";
import type { Logger } from "./log/logger.ts";

/** Longest a graceful stop may take before a signalled process exits anyway. */
const STOP_TIMEOUT_MS = 25_000;

export interface Hookboard {
  readonly config: Config;
  /**
   * Registers a handler. The key types the event: `board:<event>` / `board:*`,
   * `lifecycle:<type>` / `lifecycle:*`, `feature:<EventType>` / `feature:<FeatureType>:*`,
   * `task:<name>`. Register before `start`.
   */
  on<K extends HandlerKey>(key: K, handler: HandlerOf<K>, options?: RegisterOptions): Hookboard;
  /** Checks the handlers, migrates the database, serves HTTP on `config.port`, starts the worker. */
  start(): Promise<{ url: string; port: number }>;
  /** Stops taking requests, finishes the ones in flight and the deliveries started, closes the database. */
  stop(): Promise<void>;
}

export interface HookboardOptions extends PartsOptions {
  /** stop gracefully on SIGTERM and SIGINT, then exit (default true; tests turn it off) */
  handleSignals?: boolean;
}

/** A start that cannot serve, with the setting to change. */
export class StartError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = "StartError";
  }
}

function listen(parts: HookboardParts): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = parts.app.listen(parts.config.port);
    server.once("listening", () => resolve(server));
    // Express 5 hands a listen error to the callback; the server's own event is what tells it
    server.once("error", (error: NodeJS.ErrnoException) => {
      const port = parts.config.port;
      if (error.code === "EADDRINUSE")
        reject(new StartError("PORT", `port ${port} is in use by another process: stop that process or set PORT to a free port`));
      else if (error.code === "EACCES")
        reject(new StartError("PORT", `port ${port} needs privileges this process does not have: set PORT to a port above 1023`));
      else reject(new StartError("PORT", `Hookboard could not listen on port ${port}: ${error.message}`));
    });
  });
}

/** A database that cannot be opened or migrated, said in terms of the setting that points to it. */
function databaseStartError(config: Config, error: unknown): StartError {
  const described = describeDatabaseError(error, config.databaseUrl);
  if (described) return new StartError("DATABASE_URL", described);
  const reason = error instanceof Error ? error.message.split("\n")[0]! : String(error);
  return new StartError("DATABASE_URL", `Hookboard could not use the database DATABASE_URL names (${describeDatabaseUrl(config.databaseUrl)}): ${reason}`);
}

export function createHookboard(config: Config, options: HookboardOptions = {}): Hookboard {
  let parts: HookboardParts;
  try {
    parts = composeHookboard(config, options);
  } catch (error) {
    // opening a SQLite file happens here already (a folder that cannot be made, a file that is no database)
    throw databaseStartError(config, error);
  }
  return hookboardOf(parts, options);
}

/** The public face of composed parts (Hookboard's own tests compose with extra options). */
export function hookboardOf(parts: HookboardParts, options: Pick<HookboardOptions, "handleSignals"> = {}): Hookboard {
  let server: Server | null = null;
  let stopping: Promise<void> | null = null;
  const signals: [NodeJS.Signals, () => void][] = [];
  const log: Logger = parts.log;

  const hookboard: Hookboard = {
    config: parts.config,
    on(key, handler, registerOptions) {
      parts.registry.on(key, handler, registerOptions);
      return hookboard;
    },
    async start() {
      try {
        parts.registry.freeze();
      } catch (error) {
        await parts.db.close().catch(() => undefined);
        throw error;
      }
      let applied: string[];
      try {
        applied = await parts.db.migrate();
      } catch (error) {
        await parts.db.close().catch(() => undefined);
        throw databaseStartError(parts.config, error);
      }
      if (applied.length) log.info({ migrations: applied }, "database migrated");
      try {
        server = await listen(parts);
      } catch (error) {
        await parts.db.close().catch(() => undefined);
        throw error;
      }
      server.keepAliveTimeout = 65_000;
      // started only once the port is ours: a second process must not work on the same database unseen
      if (parts.config.workerEnabled) {
        parts.worker.start();
        parts.features.callbacks.start();
        parts.reconcile?.start();
        parts.periodic.start();
      }
      if (options.handleSignals !== false) {
        for (const signal of ["SIGTERM", "SIGINT"] as const) {
          const onSignal = () => {
            log.info({ signal }, "stopping: no new requests, finishing the ones in flight");
            setTimeout(() => {
              log.error("graceful stop took too long; exiting");
              process.exit(1);
            }, STOP_TIMEOUT_MS).unref();
            void hookboard.stop().then(
              () => process.exit(0),
              () => process.exit(1),
            );
          };
          process.once(signal, onSignal);
          signals.push([signal, onSignal]);
        }
      }
      const port = (server.address() as AddressInfo).port;
      log.info(
        { port, publicUrl: parts.config.publicUrl, database: parts.config.provider, web: parts.config.webEnabled, worker: parts.config.workerEnabled },
        parts.config.webEnabled ? "Hookboard is listening" : "Hookboard worker is running (health and metrics only on this port)",
      );
      return { url: `http://localhost:${port}`, port };
    },
    stop() {
      stopping ??= (async () => {
        for (const [signal, onSignal] of signals) process.off(signal, onSignal);
        if (server) {
          const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
          server.closeIdleConnections();
          await closed;
        }
        await parts.close();
        log.info("stopped");
      })();
      return stopping;
    },
  };
  return hookboard;
}
