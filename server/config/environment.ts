// Where an app's configuration and logs come from, decided once: on monday code (K_SERVICE set)
// its variable and secret stores and its logger; anywhere else process.env with a local .env, and
// stdout. Outside production, a first local start without credentials writes development secrets
// to .env and says so, so `npm start` works on a fresh clone.
import { resolve } from "node:path";
import { config as readDotenv } from "dotenv";
import { createLogger, type Logger } from "../log/logger.ts";
import { detectRuntime } from "../monday-code/runtime.ts";
import { loadConfig, type Config } from "./config.ts";
import { ensureDevSecrets } from "./dev-secrets.ts";

export interface Environment {
  config: Config;
  log: Logger;
  runtime: "monday-code" | "local";
}

/** Reads and checks the configuration (throws ConfigError naming every problem) and makes the logger. */
export async function readEnvironment(env: NodeJS.ProcessEnv = process.env, options: { envFile?: string } = {}): Promise<Environment> {
  const envFile = options.envFile ?? resolve(".env");
  readDotenv({ path: envFile, quiet: true, processEnv: env });
  const runtime = await detectRuntime(env);
  const source = runtime.config;
  if (runtime.kind === "local" && source.NODE_ENV !== "production") {
    const written = ensureDevSecrets(source, envFile);
    if (written.length) {
      console.warn(`Hookboard: wrote development secrets to .env (${written.join(", ")}). Replace them with your app's values from the Developer Center.`);
    }
  }
  const config = loadConfig(source);
  return { config, log: createLogger(config.logLevel, runtime.logDestination), runtime: runtime.kind };
}
