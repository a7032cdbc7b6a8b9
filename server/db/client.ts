// One Prisma client for the whole process, on SQLite (default) or PostgreSQL (DATABASE_URL).
// Both generated clients come from the same models (prisma/models.prisma), so they share one
// TypeScript shape; the PostgreSQL client is typed through the SQLite one at this single point.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import Database from "better-sqlite3";
import pg from "pg";
import { providerOf, type Provider } from "../config/config.ts";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";
import { Prisma, PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { migrate, type MigrationRunner } from "./migrate.ts";

export type PrismaClient = SqliteClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

export interface Db {
  prisma: PrismaClient;
  provider: Provider;
  /** runs pending migrations */
  migrate(): Promise<string[]>;
  /** true when the database answers */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** `file:./data/x.db` → an absolute path (relative to the working directory, as Prisma reads it). */
export function sqlitePath(url: string): string {
  const path = url.replace(/^file:/, "").replace(/\?.*$/, "");
  return resolve(path);
}

// WAL keeps readers off the writer's back; synchronous=NORMAL in WAL mode loses nothing when the
// process is killed (only an OS crash can drop the last commits), which is the promise we make.
// Prisma's default error format quotes the calling source file around the message; logs and the
// command line want the message alone
const ERROR_FORMAT = "minimal";

const SQLITE_PRAGMAS = ["journal_mode = WAL", "synchronous = NORMAL", "busy_timeout = 10000", "foreign_keys = ON"];

function sqliteRunner(path: string): MigrationRunner {
  // one connection for the whole run (opened under the lock): each close checkpoints the WAL, which
  // a start should pay once
  let db: Database.Database | null = null;
  const open = () => {
    if (!db) {
      db = new Database(path);
      db.pragma("busy_timeout = 10000");
    }
    return db;
  };
  return {
    async exec(sql) {
      open().exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const stmt = open().prepare(sql);
      return (stmt.reader ? stmt.all(...params) : (stmt.run(...params), [])) as T[];
    },
    async withLock(fn) {
      // a lock file beside the database: SQLite has no advisory locks across connections
      const lock = new Database(`${path}.migrate-lock`);
      lock.pragma("busy_timeout = 30000");
      lock.exec("CREATE TABLE IF NOT EXISTS l (x)");
      lock.exec("BEGIN EXCLUSIVE");
      try {
        return await fn();
      } finally {
        db?.close();
        db = null;
        lock.exec("COMMIT");
        lock.close();
      }
    },
  };
}

function pgRunner(connectionString: string): MigrationRunner {
  const client = new pg.Client({ connectionString });
  let connected: Promise<void> | null = null;
  const ready = () => (connected ??= client.connect().then(() => undefined));
  return {
    async exec(sql) {
      await ready();
      await client.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      await ready();
      return (await client.query(sql, params)).rows as T[];
    },
    async withLock(fn) {
      await ready();
      // the advisory lock key Prisma's own migrate uses
      await client.query("SELECT pg_advisory_lock(72707369)");
      try {
        return await fn();
      } finally {
        await client.query("SELECT pg_advisory_unlock(72707369)").catch(() => {});
        await client.end();
      }
    },
  };
}

export function createDb(databaseUrl: string, options: { poolSize?: number } = {}): Db {
  const provider = providerOf(databaseUrl);
  if (provider === "postgresql") {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
    // a dropped connection must not take the process down; the pool replaces it
    pool.on("error", () => {});
    const prisma = new PostgresClient({ adapter: new PrismaPg(pool), errorFormat: ERROR_FORMAT }) as unknown as PrismaClient;
    return {
      prisma,
      provider,
      migrate: () => migrate(provider, pgRunner(databaseUrl)),
      ping: async () => {
        try {
          await prisma.$queryRaw`SELECT 1`;
          return true;
        } catch {
          return false;
        }
      },
      close: async () => {
        await prisma.$disconnect();
        await pool.end().catch(() => {});
      },
    };
  }
  const path = sqlitePath(databaseUrl);
  mkdirSync(dirname(path), { recursive: true });
  const setup = new Database(path);
  for (const pragma of SQLITE_PRAGMAS) setup.pragma(pragma);
  setup.close();
  const prisma = new SqliteClient({ adapter: new PrismaBetterSqlite3({ url: path, timeout: 10000 }), errorFormat: ERROR_FORMAT });
  return {
    prisma,
    provider,
    migrate: () => migrate(provider, sqliteRunner(path)),
    ping: async () => {
      try {
        await prisma.$queryRaw`SELECT 1`;
        return true;
      } catch {
        return false;
      }
    },
    close: () => prisma.$disconnect(),
  };
}
