// Keyset pagination for the board view API: an opaque cursor holding the last row's sort key.
import { z } from "zod";
import { badRequest } from "../http/http-error.ts";

export interface Page {
  limit: number;
  after: { at: Date; id: string } | null;
}

const query = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString("base64url");
}

export function readPage(raw: unknown): Page {
  const parsed = query.safeParse(raw);
  if (!parsed.success) throw badRequest("limit must be 1 to 200 and cursor a value from a previous page", "invalid_query");
  const { limit, cursor } = parsed.data;
  if (!cursor) return { limit, after: null };
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (typeof at !== "string" || typeof id !== "string" || Number.isNaN(Date.parse(at))) throw new Error();
    return { limit, after: { at: new Date(at), id } };
  } catch {
    throw badRequest("cursor is not valid", "invalid_cursor");
  }
}

/** Rows come sorted newest first; one more than `limit` tells whether a next page exists. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => { at: Date; id: string }) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(key(last).at, key(last).id) : null };
}

/** Prisma `where` for "older than the cursor" on a (time, id) key, newest first. */
export function olderThan<F extends string>(field: F, after: Page["after"]) {
  if (!after) return {};
  return { OR: [{ [field]: { lt: after.at } }, { [field]: after.at, id: { lt: after.id } }] };
}
