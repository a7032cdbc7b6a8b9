// Applies the committed Prisma migrations at start, so `npm start` needs no migration engine.
// Migrations are authored with `prisma migrate dev` and recorded in Prisma's own
// `_prisma_migrations` table with Prisma's checksum, so `prisma migrate status` agrees with us.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Provider } from "../config/config.ts";

export interface MigrationRunner {
  /** runs a multi-statement script */
  exec(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** runs `fn` holding a lock that other processes starting at the same time wait for */
  withLock<T>(fn: () => Promise<T>): Promise<T>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

export function migrationsOf(provider: Provider, root = ROOT): Migration[] {
  const dir = join(root, "prisma", provider, "migrations");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const TABLE: Record<Provider, string> = {
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`,
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "checksum" TEXT NOT NULL,
    "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL,
    "logs" TEXT,
    "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
  )`,
};

export class MigrationError extends Error {}

/** Applies pending migrations in order; returns the names applied. */
export async function migrate(provider: Provider, runner: MigrationRunner, migrations = migrationsOf(provider)): Promise<string[]> {
  const p = provider === "postgresql" ? (i: number) => `$${i}` : () => "?";
  return runner.withLock(async () => {
    await runner.exec(TABLE[provider]);
    const rows = await runner.query<{ migration_name: string; checksum: string; finished_at: unknown }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    const applied: string[] = [];
    for (const m of migrations) {
      const row = done.get(m.name);
      if (row) {
        if (!row.finished_at) throw new MigrationError(`migration ${m.name} started earlier but did not finish; resolve it with \`prisma migrate resolve\``);
        if (row.checksum !== m.checksum) throw new MigrationError(`migration ${m.name} was changed after it was applied`);
        continue;
      }
      const id = randomUUID();
      await runner.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (${p(1)}, ${p(2)}, ${p(3)}, CURRENT_TIMESTAMP, 0)`,
        [id, m.checksum, m.name],
      );
      await runner.exec(m.sql);
      await runner.query(`UPDATE "_prisma_migrations" SET finished_at = CURRENT_TIMESTAMP, applied_steps_count = 1 WHERE id = ${p(1)}`, [id]);
      applied.push(m.name);
    }
    return applied;
  });
}
