#!/usr/bin/env node
// Placeholder schema engine for `prisma generate` (see scripts/prisma-generate.mjs).
// Hookboard applies its migrations itself at start (server/db/migrate.ts); only authoring a new
// migration (`prisma migrate dev`) needs Prisma's real schema engine.
process.stderr.write(
  "No Prisma schema engine is configured. To author migrations, set PRISMA_SCHEMA_ENGINE_BINARY to a schema engine (see README, 'Changing the schema').\n",
);
process.exit(1);
