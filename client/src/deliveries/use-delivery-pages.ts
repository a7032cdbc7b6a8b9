// The board's deliveries, newest first: the first page is kept fresh, older pages are fetched on
// request with the previous page's cursor.
import { useCallback, useState } from "react";
import type { HookboardApi } from "../api/client.ts";
import type { DeliveriesPage, Delivery, DeliveryFilter } from "../api/types.ts";
import { DELIVERIES_PAGE_SIZE as PAGE_SIZE, firstOr, loadKey } from "../app/first-loads.ts";
import { useResource } from "../ui/use-resource.ts";

interface Older {
  /** the board and filter the pages are of */
  key: string;
  /** the first page's last delivery when older pages were first fetched: they continue from it */
  joinId: string | undefined;
  items: Delivery[];
  cursor: string | null;
}

export function useDeliveryPages(api: HookboardApi, boardId: string, filter: DeliveryFilter = {}) {
  const filtered = Boolean(filter.status || filter.type);
  // the first load (unfiltered) may already be under way; a filtered list is its own load
  const key = filtered ? `${loadKey.deliveries(boardId)}:${filter.status ?? ""}:${filter.type ?? ""}` : loadKey.deliveries(boardId);
  const load = () => api.deliveries(boardId, { limit: PAGE_SIZE, status: filter.status ?? null, type: filter.type ?? null });
  const first = useResource<DeliveriesPage>(filtered ? load : firstOr(key, load), key);
  const [older, setOlder] = useState<Older | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const page = first.data;
  // when more than a page arrived since, the older pages no longer join up with the first one
  const joined = Boolean(page && older && older.key === key && page.deliveries.some((d) => d.id === older.joinId));
  const olderItems = joined && older ? older.items : [];
  const cursor = joined && older ? older.cursor : (page?.nextCursor ?? null);

  const loadOlder = useCallback(async () => {
    if (!cursor || !page) return;
    const base = joined && older ? older : { key, joinId: page.deliveries.at(-1)?.id, items: [] };
    setLoading(true);
    setError(null);
    try {
      const next = await api.deliveries(boardId, { limit: PAGE_SIZE, cursor, status: filter.status ?? null, type: filter.type ?? null });
      setOlder({ ...base, items: [...base.items, ...next.deliveries], cursor: next.nextCursor });
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [api, boardId, cursor, page, joined, older, key, filter.status, filter.type]);

  const seen = new Set(page?.deliveries.map((d) => d.id));
  const rows = page ? [...page.deliveries, ...olderItems.filter((d) => !seen.has(d.id))] : null;
  return { rows, first, hasOlder: Boolean(cursor), loadingOlder: loading, olderError: error, loadOlder };
}
