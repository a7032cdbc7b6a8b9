// Keyset pagination for the board view API: an opaque cursor holding the last row's sort key.
import { z } from "zod";
import { badRequest } from "../http/http-error.ts";

export interface Page {
  limit: number;
  /** the sort key of the last row of the previous page */
  after: string[] | null;
}

const query = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(400).optional(),
});

const invalidCursor = () => badRequest("cursor is not valid", "invalid_cursor");

export function encodeCursor(...key: string[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

export function readPage(raw: unknown): Page {
  const parsed = query.safeParse(raw);
  if (!parsed.success) throw badRequest("limit must be 1 to 200 and cursor a value from a previous page", "invalid_query");
  const { limit, cursor } = parsed.data;
  if (!cursor) return { limit, after: null };
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(key) || key.length === 0 || !key.every((k) => typeof k === "string")) throw invalidCursor();
  return { limit, after: key as string[] };
}

/** Prisma `where` for rows older than the cursor on a (time, id) key, newest first. */
export function olderThan<F extends string>(field: F, after: Page["after"]) {
  if (!after) return {};
  const [iso, id] = after;
  if (!iso || !id || Number.isNaN(Date.parse(iso))) throw invalidCursor();
  const at = new Date(iso);
  return { OR: [{ [field]: { lt: at } }, { [field]: at, id: { lt: id } }] };
}

/** Rows come sorted newest first; one more than `limit` tells whether a next page exists. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => string[]) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(...key(last)) : null };
}
