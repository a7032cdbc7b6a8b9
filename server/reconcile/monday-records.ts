// monday's own records of the app's installs and subscriptions (`app_installs`, `app_subscriptions`,
// read with an app collaborator's personal token), paged through in full. Rate limits are waited out
// by MondayApi as monday asks (`retry_in_seconds`, `Retry-After`).
import type { MondayApi } from "../monday-api/monday-api.ts";

/** app_installs takes at most 100 per page */
const INSTALLS_PAGE = 100;
const SUBSCRIPTIONS_PAGE = 100;
/** a guard against a paging answer that never ends */
const MAX_PAGES = 10_000;
const INT32_MAX = 2 ** 31 - 1;

export const APP_INSTALLS_QUERY = `query AppInstalls($appId: ID!, $accountId: ID, $limit: Int, $page: Int) {
  app_installs(app_id: $appId, account_id: $accountId, limit: $limit, page: $page) {
    app_install_account { id }
    app_version { major minor patch }
    timestamp
  }
}`;

export const APP_SUBSCRIPTIONS_QUERY = `query AppSubscriptions($appId: ID!, $accountId: Int, $cursor: String, $limit: Int) {
  app_subscriptions(app_id: $appId, account_id: $accountId, cursor: $cursor, limit: $limit) {
    subscriptions { account_id plan_id pricing_version_id period_type renewal_date end_date status days_left }
    total_count
    cursor
  }
}`;

export interface MondayInstallRecord {
  accountId: string;
  installedAt: Date | null;
  version: { major: number; minor: number; patch: number } | null;
}

export interface MondaySubscriptionRecord {
  accountId: string;
  planId: string;
  pricingVersion: number | null;
  periodType: string | null;
  renewalDate: Date | null;
  endDate: Date | null;
  status: "active" | "inactive";
  daysLeft: number | null;
}

interface InstallRow {
  app_install_account: { id: string | number } | null;
  app_version: { major: number; minor: number; patch: number } | null;
  timestamp: string | null;
}

interface SubscriptionRow {
  account_id: number;
  plan_id: string;
  pricing_version_id: number | null;
  period_type: string | null;
  renewal_date: string | null;
  end_date: string | null;
  status: string;
  days_left: number | null;
}

function dateOrNull(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export class MondayRecords {
  constructor(
    private readonly api: MondayApi,
    private readonly token: string,
    private readonly appId: string,
    /** called after every page (e.g. to keep a lease) */
    private readonly onPage: () => Promise<void> = async () => {},
  ) {}

  /** Every install of the app (or of one account's). */
  async installs(accountId?: string): Promise<MondayInstallRecord[]> {
    const out: MondayInstallRecord[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const data = await this.api.request<{ app_installs: (InstallRow | null)[] | null }>(this.token, APP_INSTALLS_QUERY, {
        appId: this.appId,
        ...(accountId ? { accountId } : {}),
        limit: INSTALLS_PAGE,
        page,
      });
      const rows = data.app_installs ?? [];
      for (const row of rows) {
        const id = row?.app_install_account?.id;
        if (id === undefined || id === null) continue;
        out.push({ accountId: String(id), installedAt: dateOrNull(row?.timestamp), version: row?.app_version ?? null });
      }
      await this.onPage();
      if (rows.length < INSTALLS_PAGE) return out;
    }
    throw new Error(`app_installs did not end after ${MAX_PAGES} pages`);
  }

  /** Every subscription record of the app (active and inactive), or one account's. */
  async subscriptions(accountId?: string): Promise<MondaySubscriptionRecord[]> {
    // app_subscriptions takes the account as Int: an id beyond 32 bits is filtered here instead
    const filterable = accountId !== undefined && Number(accountId) <= INT32_MAX;
    const out: MondaySubscriptionRecord[] = [];
    let cursor: string | null = null;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const data: { app_subscriptions: { subscriptions: SubscriptionRow[]; cursor: string | null } } = await this.api.request(
        this.token,
        APP_SUBSCRIPTIONS_QUERY,
        { appId: this.appId, ...(filterable ? { accountId: Number(accountId) } : {}), ...(cursor ? { cursor } : {}), limit: SUBSCRIPTIONS_PAGE },
      );
      const rows = data.app_subscriptions.subscriptions;
      for (const s of rows) {
        if (accountId !== undefined && String(s.account_id) !== accountId) continue;
        out.push({
          accountId: String(s.account_id),
          planId: s.plan_id,
          pricingVersion: s.pricing_version_id ?? null,
          periodType: s.period_type ?? null,
          renewalDate: dateOrNull(s.renewal_date),
          endDate: dateOrNull(s.end_date),
          status: s.status === "active" ? "active" : "inactive",
          daysLeft: s.days_left ?? null,
        });
      }
      await this.onPage();
      cursor = data.app_subscriptions.cursor;
      if (!cursor || rows.length === 0) return out;
    }
    throw new Error(`app_subscriptions did not end after ${MAX_PAGES} pages`);
  }
}
