// Prisma CLI configuration. The provider follows DATABASE_URL: SQLite by default, PostgreSQL for
// postgres:// URLs; each provider has its own schema (generated) and migrations folder.
import "dotenv/config";
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL ?? "file:./data/hookboard.db";
const provider = /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";

export default defineConfig({
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  datasource: { url },
});
