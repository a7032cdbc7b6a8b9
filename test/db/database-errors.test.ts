// The sentence Hookboard gives when its database cannot be used, for the errors the real drivers
// raise at start (the migration runner's pg and better-sqlite3, before Prisma is involved): each
// names DATABASE_URL, the engine and where it points, and what to change; other errors are not its
// business.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDb } from "../../server/db/client.ts";
import { describeDatabaseError } from "../../server/db/database-errors.ts";
import { databaseKinds, POSTGRES_ADMIN_URL } from "../helpers/databases.ts";
import { freePort } from "../helpers/server-process.ts";

const kinds = await databaseKinds();

/** What starting on `url` throws (opening the database, then migrating), described. */
async function startMessage(url: string): Promise<string | null> {
  try {
    const db = createDb(url);
    try {
      await db.migrate();
    } finally {
      await db.close();
    }
  } catch (error) {
    return describeDatabaseError(error, url);
  }
  throw new Error(`${url} worked`);
}

describe("database errors", () => {
  it.runIf(kinds.includes("postgresql"))(
    "When the PostgreSQL host does not resolve, nothing listens on the port, the database or the role does not exist, then the message says which and names DATABASE_URL",
    async () => {
      expect(await startMessage("postgresql://hookboard:hunter2-secret@nosuchhost.invalid:5432/hookboard")).toBe(
        'Hookboard cannot use its PostgreSQL database (DATABASE_URL: postgresql://hookboard:***@nosuchhost.invalid:5432/hookboard): the host "nosuchhost.invalid" does not resolve: correct the host name in DATABASE_URL.',
      );
      const port = await freePort();
      expect(await startMessage(`postgresql://postgres@127.0.0.1:${port}/hookboard`)).toBe(
        `Hookboard cannot use its PostgreSQL database (DATABASE_URL: postgresql://postgres@127.0.0.1:${port}/hookboard): nothing accepts connections at 127.0.0.1:${port}: start PostgreSQL there, or correct the host and port in DATABASE_URL.`,
      );
      const admin = new URL(POSTGRES_ADMIN_URL);
      const server = `${admin.hostname}:${admin.port || "5432"}`;
      expect(await startMessage(`postgresql://${admin.username}@${server}/hookboard_no_such_database`)).toContain(
        `the database "hookboard_no_such_database" does not exist on ${server}: create it (createdb hookboard_no_such_database) or name an existing one in DATABASE_URL.`,
      );
      expect(await startMessage(`postgresql://no_such_role_hookboard@${server}/postgres`)).toContain(
        `PostgreSQL does not let user "no_such_role_hookboard" in (no such role, or pg_hba.conf refuses it): correct the user in DATABASE_URL.`,
      );
    },
  );

  it("When the SQLite file's folder cannot be created or the file is not a database, then the message says so with the file's path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hookboard-db-"));
    writeFileSync(join(dir, "a-file"), "x");
    expect(await startMessage(`file:${join(dir, "a-file", "hookboard.db")}`)).toBe(
      `Hookboard cannot use its SQLite database (DATABASE_URL: ${join(dir, "a-file", "hookboard.db")}): its folder cannot be created (a file is in the way, or no permission): point DATABASE_URL at a path in a writable folder.`,
    );
    writeFileSync(join(dir, "notes.db"), "not a database\n".repeat(300));
    expect(await startMessage(`file:${join(dir, "notes.db")}`)).toContain("the file is not a SQLite database");
  });

  it("When an error has nothing to do with reaching the database, then there is no database message for it", () => {
    expect(describeDatabaseError(new Error("handler failed"), "file:./data/hookboard.db")).toBeNull();
    expect(describeDatabaseError(Object.assign(new Error("duplicate key"), { code: "P2002" }), "postgresql://u@h/db")).toBeNull();
  });
});
