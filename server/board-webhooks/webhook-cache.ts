// The board webhook a delivery's URL names, without a query per delivery: rows seen receiving are
// kept a short while. A cached row can be out of date only in its state (a delete or an uninstall in
// this or another process), and that is checked again inside the commit that stores the delivery
// (the inbox's `webhookMustBeIn`), so a webhook that stopped receiving stores nothing. A row not
// receiving, or not found, is always read afresh.
import type { PrismaClient } from "../db/client.ts";

type WebhookRow = NonNullable<Awaited<ReturnType<PrismaClient["boardWebhook"]["findUnique"]>>>;

export function webhookCache(prisma: PrismaClient, receiving: ReadonlySet<string>, options: { ttlMs?: number; max?: number } = {}) {
  const ttlMs = options.ttlMs ?? 60_000;
  const max = options.max ?? 10_000;
  const rows = new Map<string, { row: WebhookRow; until: number }>();
  return {
    async byUrlToken(urlToken: string): Promise<WebhookRow | null> {
      const now = Date.now();
      const hit = rows.get(urlToken);
      if (hit && hit.until > now) return hit.row;
      const row = await prisma.boardWebhook.findUnique({ where: { urlToken } });
      rows.delete(urlToken);
      if (row && receiving.has(row.state)) {
        // the oldest entry goes first: a Map keeps insertion order
        if (rows.size >= max) rows.delete(rows.keys().next().value!);
        rows.set(urlToken, { row, until: now + ttlMs });
      }
      return row;
    },
  };
}
