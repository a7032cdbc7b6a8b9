// monday's records of an app's installs and subscriptions on the stand-in: `app_installs` (page and
// limit, at most 100 a page) and `app_subscriptions` (cursor and limit), for app collaborators' tokens.
// Answers can be slowed down, and rate-limit answers queued, to test paging within monday's limits.
import type { MondayStandIn, ResolverResult } from "./standin-server.ts";

export interface StandInInstall {
  accountId: string;
  /** ISO 8601 */
  timestamp: string;
  version?: { major: number; minor: number; patch: number };
  userId?: string;
}

export interface StandInSubscriptionRecord {
  accountId: string;
  planId: string;
  status: "active" | "inactive";
  /** ISO 8601; null when inactive (a free plan's lies far in the future) */
  renewalDate: string | null;
  endDate: string | null;
  periodType?: "monthly" | "yearly";
  daysLeft?: number;
  pricingVersionId?: number;
  monthlyPrice?: number;
}

const graphqlError = (message: string, code: string): ResolverResult => ({ body: { errors: [{ message, extensions: { code } }] } });

export class AppRecordsStandIn {
  readonly installs: StandInInstall[] = [];
  readonly subscriptions: StandInSubscriptionRecord[] = [];
  /** milliseconds each answer waits (to make two readers overlap) */
  delayMs = 0;
  private readonly failures = new Map<string, ResolverResult[]>();

  constructor(
    standIn: MondayStandIn,
    private readonly app: { appId: string; collaboratorTokens: string[] },
  ) {
    standIn.graphql("app_installs", (args, ctx) => this.answer("app_installs", ctx.token, args, () => this.installPage(args)));
    standIn.graphql("app_subscriptions", (args, ctx) => this.answer("app_subscriptions", ctx.token, args, () => this.subscriptionPage(args)));
  }

  /** The next answers of `field` are these (e.g. mondayFailures.complexityBudgetExhausted(1)). */
  failNext(field: "app_installs" | "app_subscriptions", ...results: ResolverResult[]): this {
    this.failures.set(field, [...(this.failures.get(field) ?? []), ...results]);
    return this;
  }

  private async answer(field: string, token: string | null, args: Record<string, unknown>, page: () => ResolverResult): Promise<ResolverResult> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const queued = this.failures.get(field);
    if (queued?.length) return queued.shift()!;
    if (!token || !this.app.collaboratorTokens.includes(token)) return graphqlError("User is not a collaborator of this app", "UNAUTHORIZED_USER");
    if (String(args.app_id) !== this.app.appId) return graphqlError("App not found", "NOT_FOUND");
    return page();
  }

  private installPage(args: Record<string, unknown>): ResolverResult {
    const limit = args.limit === undefined ? 25 : Number(args.limit);
    const page = args.page === undefined ? 1 : Number(args.page);
    if (limit > 100 || limit < 1) return graphqlError("limit must be between 1 and 100", "INVALID_ARGUMENT");
    if (page < 1) return graphqlError("page must be 1 or more", "INVALID_ARGUMENT");
    const rows = this.installs.filter((i) => args.account_id === undefined || args.account_id === null || i.accountId === String(args.account_id));
    return {
      data: rows.slice((page - 1) * limit, page * limit).map((i) => ({
        app_id: this.app.appId,
        app_install_account: { id: i.accountId },
        app_install_user: { id: i.userId ?? "1" },
        app_version: i.version ? { ...i.version, text: `${i.version.major}.${i.version.minor}.${i.version.patch}`, type: "major" } : null,
        permissions: null,
        timestamp: i.timestamp,
      })),
    };
  }

  private subscriptionPage(args: Record<string, unknown>): ResolverResult {
    const limit = args.limit === undefined ? 100 : Number(args.limit);
    const start = args.cursor ? Number(Buffer.from(String(args.cursor), "base64url").toString()) : 0;
    if (!Number.isInteger(start) || start < 0) return graphqlError("invalid cursor", "INVALID_ARGUMENT");
    const rows = this.subscriptions.filter(
      (s) =>
        (args.account_id === undefined || args.account_id === null || s.accountId === String(args.account_id)) &&
        (args.status === undefined || args.status === null || s.status === args.status),
    );
    const slice = rows.slice(start, start + limit);
    const next = start + limit < rows.length ? Buffer.from(String(start + limit)).toString("base64url") : null;
    return {
      data: {
        subscriptions: slice.map((s) => ({
          account_id: Number(s.accountId),
          plan_id: s.planId,
          pricing_version_id: s.pricingVersionId ?? 1,
          monthly_price: s.monthlyPrice ?? 0,
          currency: "USD",
          period_type: s.periodType ?? "monthly",
          renewal_date: s.status === "active" ? s.renewalDate : null,
          end_date: s.status === "inactive" ? s.endDate : null,
          status: s.status,
          discounts: [],
          days_left: s.daysLeft ?? 0,
          max_units: null,
        })),
        total_count: rows.length,
        cursor: next,
      },
    };
  }
}
