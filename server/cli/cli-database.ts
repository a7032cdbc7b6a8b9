// The configuration and database of the Hookboard a command works on: the same variables (and
// .env) the server reads, so a command sees the server's database and signs with its secrets.
import { existsSync } from "node:fs";
import { ConfigError, loadConfig, type Config } from "../config/config.ts";
import { createDb, sqlitePath, type Db } from "../db/client.ts";
import { describeDatabaseError } from "../db/database-errors.ts";
import type { CliIO } from "./command.ts";

export function cliConfig(io: CliIO): Config {
  try {
    return loadConfig(io.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const firstRun = error.problems.some((p) => / is missing$/.test(p)) && io.env.NODE_ENV !== "production";
    throw new Error(
      `${error.message}${firstRun ? "\nRun the command where Hookboard runs (its .env holds the secrets; `npm start` writes development ones on a first start), or set the variables." : ""}`,
    );
  }
}

/** The server's database; a SQLite file that is not there is a wrong folder or DATABASE_URL, not an empty database. */
export function openDatabase(config: Config): Db {
  if (config.provider === "sqlite") {
    const path = sqlitePath(config.databaseUrl);
    if (!existsSync(path)) {
      throw new Error(`No Hookboard database at ${path}: run the command in the folder Hookboard runs in, or set DATABASE_URL to its database`);
    }
  }
  return createDb(config.databaseUrl, { poolSize: 2 });
}

/** A database that cannot be reached or opened is one sentence naming DATABASE_URL, not the driver's dump. */
function explained(error: unknown, config: Config): unknown {
  const message = describeDatabaseError(error, config.databaseUrl);
  return message ? new Error(message, { cause: error }) : error;
}

export async function withDatabase<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  let db: Db;
  try {
    db = openDatabase(config);
  } catch (error) {
    throw explained(error, config);
  }
  try {
    return await fn(db);
  } catch (error) {
    throw explained(error, config);
  } finally {
    await db.close();
  }
}
