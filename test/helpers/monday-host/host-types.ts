// What the stand-in monday host page and its server share.
import type { FixtureBoard } from "./board-fixture.ts";

export type HostTheme = "light" | "dark" | "black";

/** Everything chosen on the page: who is signed in, where the view runs, and its session. */
export interface HostSettings {
  accountId: string;
  userId: string;
  boardId: string;
  theme: HostTheme;
  viewOnly: boolean;
  guest: boolean;
  admin: boolean;
  /** the secret the sessionToken is signed with (the app's Client Secret, unless testing a wrong one) */
  secret: string;
  /** sessionToken lifetime in seconds */
  tokenTtl: number;
  /** the first sessionToken handed out is already expired (to see the view fetch another) */
  expireFirstToken: boolean;
  /** answer the view's calls to monday's API (seamless authentication); off: refuse them */
  mondayApi: boolean;
}

export interface HostConfig {
  viewUrl: string;
  defaults: HostSettings;
  /** boards the API answers for by id; any other id gets `defaultBoard` */
  boards: Record<string, FixtureBoard>;
  defaultBoard: FixtureBoard;
}

/** What the server writes into the page, so the view can be framed before any request. */
export interface HostBoot {
  config: HostConfig;
  /** the settings from the page's address (the rest from the defaults) */
  settings: HostSettings;
  /** the sessionToken monday appends to the view's address */
  urlToken: string;
  /** the answer to the view's first get("sessionToken") (expired when `expireFirstToken`) */
  firstToken: string;
}

export const SETTING_NAMES = [
  "accountId",
  "userId",
  "boardId",
  "theme",
  "viewOnly",
  "guest",
  "admin",
  "secret",
  "tokenTtl",
  "expireFirstToken",
  "mondayApi",
] as const;

/** The page's settings from its address; anything missing or malformed falls back to `defaults`. */
export function settingsFromQuery(q: URLSearchParams, defaults: HostSettings): HostSettings {
  const flag = (name: keyof HostSettings) => (q.has(name) ? q.get(name) === "1" || q.get(name) === "true" : (defaults[name] as boolean));
  const id = (name: "accountId" | "userId" | "boardId") => (/^\d{1,20}$/.test(q.get(name) ?? "") ? q.get(name)! : defaults[name]);
  const theme = q.get("theme");
  const ttl = Number(q.get("tokenTtl"));
  return {
    accountId: id("accountId"),
    userId: id("userId"),
    boardId: id("boardId"),
    theme: theme === "light" || theme === "dark" || theme === "black" ? theme : defaults.theme,
    viewOnly: flag("viewOnly"),
    guest: flag("guest"),
    admin: flag("admin"),
    secret: q.get("secret") || defaults.secret,
    tokenTtl: q.has("tokenTtl") && Number.isFinite(ttl) ? ttl : defaults.tokenTtl,
    expireFirstToken: flag("expireFirstToken"),
    mondayApi: flag("mondayApi"),
  };
}
