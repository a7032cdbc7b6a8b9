// A Hookboard on a fresh database with a stand-in app service it may call back (127.0.0.1 is the
// allowed callback host), and the queries tests use to look at what was stored.
import { AppServiceStandIn } from "../helpers/app-service-standin.ts";
import type { DbKind } from "../helpers/databases.ts";
import { eventually, startHookboard, type RunningHookboard, type StartOptions } from "../helpers/hookboard-server.ts";

export interface FeatureRig {
  hb: RunningHookboard;
  appService: AppServiceStandIn;
  stop(): Promise<void>;
}

export async function startFeatureRig(kind: DbKind, options: StartOptions & { clock?: () => Date } = {}): Promise<FeatureRig> {
  const appService = await new AppServiceStandIn(options.clock).start();
  const hb = await startHookboard({
    kind,
    ...options,
    env: { MONDAY_CALLBACK_HOSTS: "127.0.0.1", ...options.env },
    features: { ...options.features, ...(options.clock ? { clock: options.clock } : {}) },
  });
  return {
    hb,
    appService,
    async stop() {
      await hb.stop({ drop: true });
      await appService.stop();
    },
  };
}

export function featureEvent(hb: RunningHookboard, eventId: string) {
  return hb.hookboard.db.prisma.featureEvent.findUnique({ where: { eventId } });
}

export function deliveryOf(hb: RunningHookboard, eventId: string) {
  return hb.hookboard.db.prisma.delivery.findUnique({ where: { idempotencyKey: `feature:${eventId}` } });
}

/** Waits until the event's callback reached a final state (sent, expired, failed). */
export function callbackSettled(hb: RunningHookboard, eventId: string, timeoutMs = 10_000) {
  return eventually(
    async () => {
      const row = await featureEvent(hb, eventId);
      return row && ["sent", "expired", "failed"].includes(row.callbackStatus) ? row : null;
    },
    timeoutMs,
    `callback of ${eventId} settled`,
  );
}
