// Where Hookboard runs decides where its configuration comes from and where its logs go. On monday
// code (K_SERVICE is set) variables are read through @mondaycom/apps-sdk's EnvironmentVariablesManager
// and secrets through its SecretsManager, and log lines go through its Logger; anywhere else from
// process.env and to stdout. The same code runs in both places.
import { Writable } from "node:stream";
import { CONFIG_VARIABLES, SECRET_VARIABLES, type ConfigSource } from "../config/config.ts";

export interface Runtime {
  kind: "monday-code" | "local";
  config: ConfigSource;
  /** where pino writes; undefined means stdout */
  logDestination?: Writable;
}

/** The part of the SDK's key-value managers Hookboard uses. */
export interface KeyValueReader {
  get(key: string): unknown;
}

export interface LineLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function onMondayCode(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.K_SERVICE);
}

/** Variables from the monday code stores, falling back to the process environment. */
export function configFromStores(env: NodeJS.ProcessEnv, variables: KeyValueReader, secrets: KeyValueReader): ConfigSource {
  const source: ConfigSource = { ...env };
  for (const name of CONFIG_VARIABLES) {
    const value = SECRET_VARIABLES.has(name) ? (secrets.get(name) ?? variables.get(name)) : variables.get(name);
    if (value !== null && value !== undefined && value !== "") source[name] = String(value);
  }
  return source;
}

/** A pino destination that hands each (already redacted) line to monday code's logger. */
export function lineLoggerDestination(logger: LineLogger): Writable {
  let pending = "";
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString("utf8");
      let newline = pending.indexOf("\n");
      while (newline !== -1) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line) {
          let level = 30;
          try {
            level = Number((JSON.parse(line) as { level?: unknown }).level) || 30;
          } catch {
            // not JSON: log it as it is
          }
          if (level >= 50) logger.error(line);
          else if (level >= 40) logger.warn(line);
          else if (level >= 30) logger.info(line);
          else logger.debug(line);
        }
        newline = pending.indexOf("\n");
      }
      done();
    },
  });
}

export async function detectRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  if (!onMondayCode(env)) return { kind: "local", config: env };
  // loaded only on monday code: the SDK pulls in Google Cloud clients that local runs do not need
  const sdk = await import("@mondaycom/apps-sdk");
  return {
    kind: "monday-code",
    config: configFromStores(env, new sdk.EnvironmentVariablesManager(), new sdk.SecretsManager()),
    logDestination: lineLoggerDestination(new sdk.Logger("hookboard")),
  };
}
