// Only `prisma dev` imports this (lazily, to start its streams server); Hookboard generates its
// clients with `prisma generate` and applies migrations itself, so nothing here should ever run.
export function startLocalDurableStreamsServer() {
  throw new Error(
    "Hookboard does not install Prisma's local streams server (`prisma dev`): package.json overrides @prisma/streams-local with scripts/no-streams-local. Use PostgreSQL or SQLite through DATABASE_URL.",
  );
}
