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

/**
 * The driver under Prisma, for the one hot path that writes through it directly (the inbox's group
 * commit, server/inbox/intake-writer.ts). Prisma keeps the schema, the migrations and every other query.
 */
export type Driver =
  | {
      provider: "sqlite";
      /**
       * Runs `work` synchronously on Prisma's own better-sqlite3 connection while no transaction of
       * Prisma's is open on it: at once, or as soon as the open one ends (before the next begins).
       */
      whenIdle<T>(work: (db: Database.Database) => T): Promise<T>;
    }
  | { provider: "postgresql"; pool: pg.Pool };

export interface Db {
  prisma: PrismaClient;
  provider: Provider;
  driver: Driver;
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

type SqliteAdapter = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;
type SqliteTransaction = Awaited<ReturnType<SqliteAdapter["startTransaction"]>>;

/**
 * Prisma's SQLite adapter, connected once and shared with the intake writer: one connection per
 * process, as Prisma has it, so the intake's writes and Prisma's never wait on each other's locks.
 * Prisma holds an interactive transaction open across awaits on that connection; intake work runs
 * only between them (better-sqlite3's `inTransaction`), and before the next one: a transaction's end
 * runs the waiting intake work before Prisma's next transaction may begin, so a stream of worker or
 * handler transactions never starves intake.
 */
function sharedSqliteAdapter(inner: PrismaBetterSqlite3) {
  let adapter: Promise<SqliteAdapter> | null = null;
  let client: Database.Database | null = null;
  let queue: (() => void)[] = [];
  let retry: NodeJS.Timeout | null = null;
  const runQueued = () => {
    if (!client || client.inTransaction || queue.length === 0) return;
    const run = queue;
    queue = [];
    for (const work of run) work();
  };
  const track = (tx: SqliteTransaction): SqliteTransaction => {
    const commit = tx.commit.bind(tx);
    const rollback = tx.rollback.bind(tx);
    // Prisma has sent COMMIT or ROLLBACK already: the connection is free until commit() hands it on
    tx.commit = () => {
      runQueued();
      return commit();
    };
    tx.rollback = () => {
      runQueued();
      return rollback();
    };
    return tx;
  };
  const connect = (): Promise<SqliteAdapter> =>
    (adapter ??= inner.connect().then((connected) => {
      client = connectionOf(connected);
      // per connection (the file keeps only WAL mode): see SQLITE_PRAGMAS
      for (const pragma of SQLITE_PRAGMAS) client.pragma(pragma);
      const start = connected.startTransaction.bind(connected);
      connected.startTransaction = async (isolationLevel) => track(await start(isolationLevel));
      const dispose = connected.dispose.bind(connected);
      connected.dispose = () => {
        adapter = null;
        client = null;
        return dispose();
      };
      return connected;
    }));
  const factory: SqlMigrationAwareFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect,
    connectToShadowDb: () => inner.connectToShadowDb(),
  };
  const poll = () => {
    retry = null;
    runQueued();
    // a transaction that ended without commit() or rollback() (a dropped client): look again
    if (queue.length) retry = setTimeout(poll, 5);
  };
  return {
    factory,
    async whenIdle<T>(work: (db: Database.Database) => T): Promise<T> {
      await connect();
      return new Promise<T>((resolve, reject) => {
        queue.push(() => {
          try {
            resolve(work(client!));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
        runQueued();
        if (queue.length && !retry) retry = setTimeout(poll, 5);
      });
    },
  };
}

type SqlMigrationAwareFactory = Pick<PrismaBetterSqlite3, "provider" | "adapterName" | "connect" | "connectToShadowDb">;

/** The better-sqlite3 connection inside Prisma's adapter (its `client`, public in the adapter's class). */
function connectionOf(adapter: SqliteAdapter): Database.Database {
  const client = (adapter as unknown as { client?: unknown }).client;
  if (!(client instanceof Database)) throw new Error("Prisma's SQLite adapter no longer exposes its better-sqlite3 connection");
  return client;
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
      driver: { provider, pool },
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
  const shared = sharedSqliteAdapter(new PrismaBetterSqlite3({ url: path, timeout: 10000 }));
  const prisma = new SqliteClient({ adapter: shared.factory, errorFormat: ERROR_FORMAT });
  return {
    prisma,
    provider,
    driver: { provider, whenIdle: shared.whenIdle },
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
