// Real databases for tests: a fresh SQLite file, and a fresh database on the PostgreSQL server of
// this machine. In CI (CI=true) or with REQUIRE_POSTGRES=1 an unreachable PostgreSQL fails the run;
// elsewhere the PostgreSQL cases are skipped with the reason, which the run's skip report lists.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inCI, skipGroup } from "./skips.ts";

export type DbKind = "sqlite" | "postgresql";

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const postgresRequired = inCI || process.env.REQUIRE_POSTGRES === "1";

let problem: Promise<string | null> | null = null;
/** Why PostgreSQL cannot be used by the tests, or null when it can. */
function postgresProblem(): Promise<string | null> {
  problem ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return null;
    } catch (error) {
      return `PostgreSQL at ${POSTGRES_ADMIN_URL} is unreachable (${error instanceof Error ? error.message : String(error)})`;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return problem;
}

/**
 * Whether the PostgreSQL group `group` of the file being collected can run: in CI (or with
 * REQUIRE_POSTGRES=1) an unreachable PostgreSQL fails the file; elsewhere the group is reported as
 * skipped, with the reason.
 */
export async function requirePostgres(group: string): Promise<boolean> {
  const reason = await postgresProblem();
  if (reason) skipGroup(group, reason, postgresRequired);
  return reason === null;
}

/** Whether PostgreSQL can be used (for tools such as the benchmark; test files use requirePostgres). */
export async function postgresReachable(): Promise<boolean> {
  return (await postgresProblem()) === null;
}

/** The database kinds a suite runs on: SQLite always, PostgreSQL when reachable (always in CI). */
export async function databaseKinds(): Promise<DbKind[]> {
  return (await requirePostgres("the PostgreSQL cases of this file")) ? ["sqlite", "postgresql"] : ["sqlite"];
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
