// What the command line says when it cannot do its job: one sentence that names what to change
// (DATABASE_URL and where it points, never its password), not a driver's dump or a page of usage.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTestDatabase, databaseKinds, POSTGRES_ADMIN_URL } from "../helpers/databases.ts";
import { testEnv } from "../helpers/hookboard-server.ts";
import { freePort } from "../helpers/server-process.ts";
import { projectWith, runHookboardCli } from "./run-cli.ts";

const kinds = await databaseKinds();

async function deliveriesWith(databaseUrl: string) {
  const run = await runHookboardCli(["deliveries"], { env: testEnv({ DATABASE_URL: databaseUrl }) });
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  // one line, no stack, no Prisma invocation excerpt
  expect(run.stderr.trim().split("\n")).toHaveLength(1);
  expect(run.stderr).not.toMatch(/invocation|at .*\.ts:\d+|node_modules/);
  return run.stderr.trim();
}

describe("npx hookboard messages", () => {
  it("When simulate is given an event that does not exist, then it prints one line pointing to --list and exits with 2", async () => {
    const run = await runHookboardCli(["simulate", "create_itme"], { env: testEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('Unknown event "create_itme": run `npx hookboard simulate --list` for the 52 events');
    expect(run.stdout).toBe("");
  });

  it("When the SQLite file DATABASE_URL names is not a database, or has no Hookboard tables, then deliveries says so naming DATABASE_URL and the file", async () => {
    const dir = projectWith({});
    const notADatabase = join(dir, "notes.db");
    writeFileSync(notADatabase, "these are notes, not a database\n".repeat(200));
    expect(await deliveriesWith(`file:${notADatabase}`)).toBe(
      `hookboard deliveries: Hookboard cannot use its SQLite database (DATABASE_URL: ${notADatabase}): the file is not a SQLite database: point DATABASE_URL at Hookboard's database file, or at a new path.`,
    );
    const empty = await createTestDatabase("sqlite");
    writeFileSync(empty.url.replace(/^file:/, ""), "");
    try {
      expect(await deliveriesWith(empty.url)).toMatch(/: The SQLite database DATABASE_URL names \(.*\) has no Hookboard tables: start Hookboard on it once/);
    } finally {
      await empty.drop();
    }
  });

  it.runIf(kinds.includes("postgresql"))(
    "When DATABASE_URL's PostgreSQL host does not resolve, refuses connections or lacks the database, then deliveries says which, naming DATABASE_URL without its password",
    async () => {
      const admin = new URL(POSTGRES_ADMIN_URL);
      const withPassword = (host: string, port: string, database: string) => `postgresql://hookboard:hunter2-secret@${host}:${port}/${database}`;

      const unresolvable = await deliveriesWith(withPassword("nosuchhost.invalid", "5432", "hookboard"));
      expect(unresolvable).toContain(
        "Hookboard cannot use its PostgreSQL database (DATABASE_URL: postgresql://hookboard:***@nosuchhost.invalid:5432/hookboard)",
      );
      expect(unresolvable).toContain("nosuchhost.invalid:5432 cannot be reached");

      const port = String(await freePort());
      expect(await deliveriesWith(withPassword("127.0.0.1", port, "hookboard"))).toContain(`127.0.0.1:${port} cannot be reached`);

      const missing = `postgresql://${admin.username}@${admin.hostname}:${admin.port || "5432"}/hookboard_no_such_database`;
      expect(await deliveriesWith(missing)).toContain(`the database "hookboard_no_such_database" does not exist on ${admin.hostname}:${admin.port || "5432"}`);
      expect(unresolvable).not.toContain("hunter2-secret");
    },
  );
});
