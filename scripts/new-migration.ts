// Authors a migration for both providers from prisma/models.prisma:
//   PRISMA_SCHEMA_ENGINE_BINARY=... npx tsx scripts/new-migration.ts add_something
// Each provider's existing migrations are applied to a scratch database, and Prisma's
// `migrate diff` writes what the models need beyond them. Needs Prisma's schema engine and, for
// the PostgreSQL side, a PostgreSQL server (POSTGRES_ADMIN_URL, default the local one).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { Provider } from "../server/config/config.ts";
import { createDb } from "../server/db/client.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: tsx scripts/new-migration.ts <snake_case_name>");
  process.exit(2);
}
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  console.warn("PRISMA_SCHEMA_ENGINE_BINARY is not set: Prisma will try to download its schema engine.");
}
const adminUrl = process.env.POSTGRES_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);

function run(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", ...args], { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`prisma ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

async function scratch(provider: Provider): Promise<{ url: string; drop: () => Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "hookboard-migration-"));
    return { url: `file:${join(dir, "scratch.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const db = `hookboard_migration_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await c.end();
    },
  };
}

spawnSync(process.execPath, ["scripts/prisma-generate.mjs"], { stdio: "inherit" });
for (const provider of ["sqlite", "postgresql"] as const) {
  const db = await scratch(provider);
  try {
    const hb = createDb(db.url);
    await hb.migrate();
    await hb.close();
    const sql = run(["migrate", "diff", "--from-config-datasource", "--to-schema", `prisma/${provider}/schema.prisma`, "--script"], {
      ...process.env,
      DATABASE_URL: db.url,
    });
    if (!/^\s*(CREATE|ALTER|DROP|PRAGMA|INSERT|UPDATE)/im.test(sql)) {
      console.log(`${provider}: no changes`);
      continue;
    }
    const dir = join("prisma", provider, "migrations", `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "migration.sql"), sql);
    console.log(`${provider}: wrote ${dir}/migration.sql`);
  } finally {
    await db.drop();
  }
}
