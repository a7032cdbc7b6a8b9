// The board's first data, asked for the moment monday says which board the view is on, so the
// loads run while React renders the page instead of after it. Each is handed out once; every later
// load goes to the server again.
import { createApi } from "../api/client.ts";
import { sessionTokens } from "../api/session.ts";
import { firstContext, firstSessionToken } from "../monday/first-answers.ts";
import { getSessionToken } from "../monday/sdk.ts";

export const DELIVERIES_PAGE_SIZE = 20;

export const api = createApi(sessionTokens(getSessionToken, firstSessionToken));

/** What each load is known by, here and where the view loads it. */
export const loadKey = {
  me: (accountId: string | null) => `me:${accountId}`,
  webhooks: (boardId: string) => `webhooks:${boardId}`,
  deliveries: (boardId: string) => `deliveries:${boardId}`,
};

const started = new Map<string, Promise<unknown>>();

firstContext.then(
  ({ accountId, boardId }) => {
    if (!boardId) return;
    const loads: [string, Promise<unknown>][] = [
      [loadKey.me(accountId), api.me()],
      [loadKey.webhooks(boardId), api.webhooks(boardId)],
      [loadKey.deliveries(boardId), api.deliveries(boardId, { limit: DELIVERIES_PAGE_SIZE })],
    ];
    for (const [key, load] of loads) {
      // a failure is reported by whoever takes the load
      load.catch(() => {});
      started.set(key, load);
    }
  },
  () => {},
);

/** `load`, except that its first call takes the load already under way for `key`, if any. */
export function firstOr<T>(key: string, load: () => Promise<T>): () => Promise<T> {
  return () => {
    const early = started.get(key) as Promise<T> | undefined;
    started.delete(key);
    return early ?? load();
  };
}
