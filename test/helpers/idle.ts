// "Nothing else happens" as a state rather than a pause: Hookboard is idle when no delivery and no
// feature callback is left to do, now or later (none pending, retrying or held by a claim). The
// worker and the callback sender are drained here explicitly, so whatever slipped in is carried
// out, and shows, before the test looks, however slow the machine; something scheduled for later
// is waited for too, rather than missed by a fixed sleep.
import { eventually, type RunningHookboard } from "./hookboard-server.ts";

const UNFINISHED = ["pending", "retrying"];

export async function untilIdle(hb: RunningHookboard, timeoutMs = 30_000): Promise<void> {
  const { prisma } = hb.hookboard.db;
  await eventually(
    async () => {
      const drained = (await hb.hookboard.worker.drainOnce()) + (await hb.hookboard.features.callbacks.runDue());
      if (drained > 0) return false;
      const deliveries = await prisma.delivery.count({ where: { OR: [{ status: { in: UNFINISHED } }, { claimToken: { not: null } }] } });
      const callbacks = await prisma.featureEvent.count({ where: { OR: [{ callbackStatus: { in: UNFINISHED } }, { callbackClaim: { not: null } }] } });
      return deliveries === 0 && callbacks === 0;
    },
    timeoutMs,
    "no delivery or callback left to do",
  );
}
