#!/usr/bin/env node
// Generates both Prisma clients (SQLite and PostgreSQL) from prisma/models.prisma. Runs on
// `npm install`/`npm ci` (postinstall), so a fresh clone needs no extra step.
//
// `prisma generate` itself needs no native engine, but the CLI insists that a schema engine
// binary exists and otherwise tries to download one, which fails on machines that reach only the
// npm registry. When no engine is configured we point the CLI at scripts/no-schema-engine.mjs:
// generate never runs it, and it explains itself if anything else ever does.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const run = (cmd, args, env = process.env) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run(process.execPath, [join(root, "scripts/prisma-schemas.mjs")]);
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ||= join(root, "scripts/no-schema-engine.mjs");
const prismaCli = join(root, "node_modules/prisma/build/index.js");
for (const provider of ["sqlite", "postgresql"]) {
  run(process.execPath, [prismaCli, "generate", "--schema", `prisma/${provider}/schema.prisma`], env);
}
