// Real databases for tests: a fresh SQLite file, and a fresh database on the PostgreSQL server of
// this machine. In CI (CI=true) or with REQUIRE_POSTGRES=1 an unreachable PostgreSQL fails the run
// instead of skipping.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export type DbKind = "sqlite" | "postgresql";

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const postgresRequired = process.env.CI === "true" || process.env.REQUIRE_POSTGRES === "1";

let reachable: Promise<boolean> | null = null;
export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return true;
    } catch (error) {
      if (postgresRequired) throw new Error(`PostgreSQL at ${POSTGRES_ADMIN_URL} is required in CI but unreachable: ${String(error)}`);
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return reachable;
}

/** The database kinds a suite runs on: SQLite always, PostgreSQL when reachable (always in CI). */
export async function databaseKinds(): Promise<DbKind[]> {
  return (await postgresReachable()) ? ["sqlite", "postgresql"] : ["sqlite"];
}

export interface TestDatabase {
  kind: DbKind;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "hookboard-test-"));
    return { kind, url: `file:${join(dir, "hookboard.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `hookboard_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
