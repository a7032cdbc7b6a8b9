// A database that refuses some updates of the deliveries table, as a full disk or a lost connection
// would: a real trigger on the real table (SQLite or PostgreSQL), raising an error for the rows that
// match `when`, an SQL condition over OLD and NEW that both dialects read the same way. `skip`
// instead leaves those rows out of the update without an error, as if another process had changed
// them between a read and the update that relies on it.
import type { Db } from "../../server/db/client.ts";

export interface RefusedUpdates {
  /** Drops the trigger: the database accepts those updates again. */
  lift(): Promise<void>;
}

const NAME = "test_refused_delivery_updates";
const REASON = "the database refused the update (test)";

export async function refuseDeliveryUpdates(db: Db, when: string, how: "error" | "skip" = "error"): Promise<RefusedUpdates> {
  const statements =
    db.provider === "postgresql"
      ? [
          `CREATE OR REPLACE FUNCTION ${NAME}() RETURNS trigger AS $$ BEGIN ${how === "skip" ? "RETURN NULL" : `RAISE EXCEPTION '${REASON}'`}; END $$ LANGUAGE plpgsql`,
          `CREATE TRIGGER ${NAME} BEFORE UPDATE ON deliveries FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION ${NAME}()`,
        ]
      : [
          `CREATE TRIGGER ${NAME} BEFORE UPDATE ON deliveries FOR EACH ROW WHEN ${when} BEGIN SELECT RAISE(${how === "skip" ? "IGNORE" : `ABORT, '${REASON}'`}); END`,
        ];
  for (const sql of statements) await db.prisma.$executeRawUnsafe(sql);
  return {
    async lift() {
      await db.prisma.$executeRawUnsafe(db.provider === "postgresql" ? `DROP TRIGGER ${NAME} ON deliveries` : `DROP TRIGGER ${NAME}`);
    },
  };
}
