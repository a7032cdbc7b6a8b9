// A fresh, migrated database for each test of the describe block that asks for one: opened by the
// test (so a test that fails to open it fails itself), closed and dropped after it.
import { afterEach } from "vitest";
import { createDb, type Db } from "../../server/db/client.ts";
import { createTestDatabase, type DbKind, type TestDatabase } from "./databases.ts";

/** Call in a describe block; each call of the function it returns opens that test's database. */
export function migratedDatabasePerTest(kind: DbKind): () => Promise<Db> {
  let database: TestDatabase | undefined;
  let db: Db | undefined;
  afterEach(async () => {
    await db?.close();
    await database?.drop();
    db = undefined;
    database = undefined;
  });
  return async () => {
    database = await createTestDatabase(kind);
    db = createDb(database.url);
    await db.migrate();
    return db;
  };
}
