// Every row of every table Hookboard owns, read from the database's own catalogue, so that "nothing
// was stored" also covers tables added after this was written and rows that were changed or
// deleted rather than inserted.
import type { Db } from "../../server/db/client.ts";

export type TableSnapshot = Map<string, string[]>;

export interface TableChange {
  table: string;
  /** rows present after and not before (a changed row counts here and in `removed`) */
  added: number;
  removed: number;
}

function rowText(row: Record<string, unknown>): string {
  const keys = Object.keys(row).sort();
  return JSON.stringify(
    keys.map((k) => [k, row[k]]),
    (_key, value: unknown) => {
      if (typeof value === "bigint") return value.toString();
      if (value instanceof Uint8Array) return Buffer.from(value).toString("hex");
      return value;
    },
  );
}

async function tableNames(db: Db): Promise<string[]> {
  const rows =
    db.provider === "postgresql"
      ? await db.prisma.$queryRaw<
          { name: string }[]
        >`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
      : await db.prisma.$queryRaw<{ name: string }[]>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`;
  return rows
    .map((r) => r.name)
    .filter((name) => name !== "_prisma_migrations")
    .sort();
}

export async function snapshotTables(db: Db): Promise<TableSnapshot> {
  const snapshot: TableSnapshot = new Map();
  for (const table of await tableNames(db)) {
    // the name comes from the database's catalogue, not from a request
    const rows = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${table}"`);
    snapshot.set(table, rows.map(rowText).sort());
  }
  return snapshot;
}

function without(rows: string[], others: string[]): number {
  const left = new Map<string, number>();
  for (const r of others) left.set(r, (left.get(r) ?? 0) + 1);
  let count = 0;
  for (const r of rows) {
    const n = left.get(r) ?? 0;
    if (n > 0) left.set(r, n - 1);
    else count++;
  }
  return count;
}

/** The tables whose rows differ between two snapshots. */
export function tableChanges(before: TableSnapshot, after: TableSnapshot): TableChange[] {
  const tables = [...new Set([...before.keys(), ...after.keys()])].sort();
  return tables
    .map((table) => {
      const a = before.get(table) ?? [];
      const b = after.get(table) ?? [];
      return { table, added: without(b, a), removed: without(a, b) };
    })
    .filter((c) => c.added > 0 || c.removed > 0);
}

/** Rows written (inserted, changed or deleted) between two snapshots. */
export function rowsWritten(changes: TableChange[]): number {
  return changes.reduce((sum, c) => sum + Math.max(c.added, c.removed), 0);
}
