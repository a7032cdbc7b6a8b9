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
}

export interface HostConfig {
  viewUrl: string;
  defaults: HostSettings;
  /** boards the API answers for by id; any other id gets `defaultBoard` */
  boards: Record<string, FixtureBoard>;
  defaultBoard: FixtureBoard;
}

export const SETTING_NAMES = ["accountId", "userId", "boardId", "theme", "viewOnly", "guest", "admin", "secret", "tokenTtl", "expireFirstToken"] as const;
