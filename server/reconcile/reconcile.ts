// Reconciling Hookboard's install and subscription state with monday's own records. One run: take the
// job's lease (one process at a time), read app_installs and app_subscriptions in full, compare them
// with the state, and store each correction as a lifecycle delivery marked as coming from monday's
// records. The worker applies corrections like delivered events: the time the records were read is
// their order key, so an event dated after the reading wins over a correction, and an event dated
// before it that arrives later does not undo it. Accounts with lifecycle events still waiting to be
// applied are left for the next run (their state is about to move).
import { createHash } from "node:crypto";
import type { Config } from "../config/config.ts";
import type { PrismaClient } from "../db/client.ts";
import type { Inbox } from "../inbox/inbox.ts";
import type { LifecycleBody } from "../lifecycle/events.ts";
import { RECONCILED_META } from "../lifecycle/origin.ts";
import type { Logger } from "../log/logger.ts";
import { MondayApi } from "../monday-api/monday-api.ts";
import { JobRuns, type JobLease } from "../ops/job-runs.ts";
import { correctionsFor, type Correction, type LocalState } from "./corrections.ts";
import { MondayRecords } from "./monday-records.ts";

export const RECONCILE_JOB = "reconcile";
/** a run that stops answering (a killed process) lets another take over after this */
const LEASE_TTL_MS = 10 * 60_000;

export interface ReconcileSource {
  api: MondayApi;
  /** an app collaborator's personal API token */
  token: string;
  appId: string;
}

export interface ReconcileOptions {
  dryRun?: boolean;
  accountId?: string;
  /** scheduled runs: only if the last run (of any process) finished this long ago */
  minIntervalMs?: number;
}

export type ReconcileResult =
  | { outcome: "busy" }
  | {
      outcome: "done";
      readAt: Date;
      installsRead: number;
      subscriptionsRead: number;
      corrections: Correction[];
      /** accounts left for the next run: lifecycle events of theirs wait to be applied */
      waiting: string[];
      dryRun: boolean;
    };

/** A correction's idempotency key: the same reading never stores a correction twice. */
export function reconcileKey(type: string, accountId: string, readAt: Date): string {
  return "reconcile:" + createHash("sha256").update(`${type}\n${accountId}\n${readAt.toISOString()}`).digest("hex");
}

export function correctionBody(c: Correction, readAt: Date, appId: string): LifecycleBody {
  return {
    type: c.type,
    data: {
      account_id: c.accountId,
      app_id: appId,
      timestamp: readAt.toISOString(),
      ...(c.version ? { version_data: { major: c.version.major, minor: c.version.minor, patch: c.version.patch } } : {}),
      subscription: c.subscription,
    },
  };
}

export class Reconciler {
  private readonly jobs: JobRuns;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly inbox: Inbox,
    private readonly source: ReconcileSource,
    private readonly log?: Logger,
  ) {
    this.jobs = new JobRuns(prisma);
  }

  async run(options: ReconcileOptions = {}): Promise<ReconcileResult> {
    // a dry run writes nothing, not even the lease
    let lease: JobLease | null = null;
    if (!options.dryRun) {
      lease = await this.jobs.take(RECONCILE_JOB, {
        ttlMs: LEASE_TTL_MS,
        ...(options.minIntervalMs !== undefined ? { minIntervalMs: options.minIntervalMs } : {}),
      });
      if (!lease) return { outcome: "busy" };
    }
    try {
      const result = await this.reconcile(options, lease);
      await lease?.release(
        "ok",
        `${result.corrections.length} correction(s); ${result.installsRead} install(s) and ${result.subscriptionsRead} subscription record(s) read`,
      );
      return result;
    } catch (error) {
      await lease?.release("failed", error instanceof Error ? error.message : String(error)).catch(() => {});
      throw error;
    }
  }

  private async reconcile(options: ReconcileOptions, lease: JobLease | null): Promise<ReconcileResult & { outcome: "done" }> {
    const { api, token, appId } = this.source;
    const records = new MondayRecords(api, token, appId, async () => {
      await lease?.keep();
    });
    const readAt = new Date();
    const installs = await records.installs(options.accountId);
    const subscriptions = await records.subscriptions(options.accountId);

    const local = await this.localState(options.accountId);
    const waiting = await this.waitingAccounts(options.accountId);
    const corrections = correctionsFor({ installs, subscriptions }, local, readAt, true).filter((c) => !waiting.has(c.accountId));

    if (!options.dryRun) {
      await Promise.all(
        corrections.map((c) =>
          this.inbox.accept({
            source: "lifecycle",
            type: c.type,
            idempotencyKey: reconcileKey(c.type, c.accountId, readAt),
            accountId: c.accountId,
            payload: JSON.stringify(correctionBody(c, readAt, appId)),
            meta: { ...RECONCILED_META, reason: c.reason },
          }),
        ),
      );
    }
    // never the subscriptions themselves: confidential under monday's terms
    this.log?.info(
      { corrections: corrections.length, installsRead: installs.length, subscriptionsRead: subscriptions.length, dryRun: options.dryRun === true },
      "reconciled with monday's records",
    );
    return {
      outcome: "done",
      readAt,
      installsRead: installs.length,
      subscriptionsRead: subscriptions.length,
      corrections,
      waiting: [...waiting].sort(),
      dryRun: options.dryRun === true,
    };
  }

  private async localState(accountId?: string): Promise<Map<string, LocalState>> {
    const where = accountId ? { accountId } : {};
    const [installs, subscriptions] = await Promise.all([
      this.prisma.install.findMany({ where, select: { accountId: true, status: true } }),
      this.prisma.subscription.findMany({
        where,
        select: { accountId: true, planId: true, status: true, isTrial: true, billingPeriod: true, renewalDate: true, daysLeft: true, pricingVersion: true },
      }),
    ]);
    const local = new Map<string, LocalState>();
    const entry = (id: string) => local.get(id) ?? local.set(id, { install: null, subscription: null }).get(id)!;
    for (const i of installs) entry(i.accountId).install = { status: i.status };
    for (const { accountId: id, ...s } of subscriptions) entry(id).subscription = s;
    return local;
  }

  private async waitingAccounts(accountId?: string): Promise<Set<string>> {
    const rows = await this.prisma.delivery.findMany({
      where: { source: "lifecycle", status: { in: ["pending", "retrying"] }, ...(accountId ? { accountId } : {}) },
      select: { accountId: true },
      distinct: ["accountId"],
    });
    return new Set(rows.flatMap((r) => (r.accountId ? [r.accountId] : [])));
  }
}

/** Reading every account's records may meet monday's rate limits several times: they are waited out longer than a view's request would. */
export function reconcileApi(config: Pick<Config, "mondayApiUrl" | "mondayApiVersion">): MondayApi {
  return new MondayApi({ apiUrl: config.mondayApiUrl, apiVersion: config.mondayApiVersion, maxRetries: 8, maxWaitSeconds: 120 });
}
