// The options of `npx hookboard simulate`, read and checked once into typed settings.
import type { Config } from "../../config/config.ts";
import { UsageError, parseCommandArgs } from "../command.ts";
import { eventsNamed, UnknownEventError, type SimulatedEvent } from "./event-catalogue.ts";
import { SEED_SUBITEMS_BOARD_ID } from "./board-samples.ts";
import type { ClaimShape } from "./monday-signer.ts";
import { SEED_ACCOUNT_ID } from "./lifecycle-samples.ts";

/** `npm run dev`'s stand-in monday shows account 777777 (that of monday's lifecycle samples), user 4242 and board 3000001. */
export const SIMULATION_DEFAULTS = { accountId: String(SEED_ACCOUNT_ID), userId: "4242", boardId: "3000001" } as const;

export const SIMULATE_OPTIONS = {
  url: { type: "string" },
  "public-url": { type: "string" },
  account: { type: "string" },
  board: { type: "string" },
  "subitems-board": { type: "string" },
  user: { type: "string" },
  plan: { type: "string" },
  trial: { type: "boolean" },
  at: { type: "string" },
  mode: { type: "string" },
  "callback-host": { type: "string" },
  "callback-port": { type: "string" },
  wait: { type: "string" },
  "webhook-url": { type: "string" },
  repeat: { type: "string" },
  duplicate: { type: "boolean" },
  shuffle: { type: "boolean" },
  seed: { type: "string" },
  concurrency: { type: "string" },
  secret: { type: "string" },
  claims: { type: "string" },
  list: { type: "boolean" },
  json: { type: "boolean" },
  "allow-production": { type: "boolean" },
} as const;

export interface SimulationSettings {
  events: SimulatedEvent[];
  /** where requests go */
  target: string;
  /** --url was given: even a --webhook-url's request goes there */
  targetGiven: boolean;
  /** the server's PUBLIC_URL: what `aud` names */
  publicUrl: string;
  accountId: string;
  boardId: string;
  subitemsBoardId: string;
  userId: string;
  planId: string | undefined;
  trial: boolean;
  /** the time of the first event; the others follow a millisecond apart, in the intended order */
  at: Date;
  mode: "sync" | "async";
  callbackHost: string;
  callbackPort: number;
  waitMs: number;
  /** an existing webhook's URL; null: the simulator records one */
  webhookUrl: string | null;
  repeat: number;
  duplicate: boolean;
  shuffleSeed: number | null;
  concurrency: number;
  secret: "signing" | "client" | null;
  claims: ClaimShape | null;
  json: boolean;
  /** --allow-production: sign with production settings all the same */
  allowProduction: boolean;
}

export type ParsedSimulation = { list: true } | { list: false; settings: SimulationSettings };

const ID = /^\d{1,20}$/;

function id(name: string, value: string | undefined, fallback: string): string {
  const v = value?.trim() ?? fallback;
  if (!ID.test(v)) throw new UsageError(`--${name} must be a monday id (digits), got "${value}"`);
  return v;
}

function integer(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

function httpUrl(name: string, value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new UsageError(`--${name} must be an http(s) URL, got "${value}"`);
  return value.replace(/\/+$/, "");
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | null {
  if (value === undefined) return null;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be ${allowed.join(" or ")}, got "${value}"`);
  return value as T;
}

export function readSimulation(args: string[], config: () => Config): ParsedSimulation {
  const parsed = parseCommandArgs(args, SIMULATE_OPTIONS, true);
  const o = parsed.values;
  if (o.list) return { list: true };
  if (!parsed.positionals.length) throw new UsageError("Name the event(s) to send, or a group: lifecycle, feature, board, all");
  let events: SimulatedEvent[];
  try {
    events = eventsNamed(parsed.positionals);
  } catch (error) {
    // the message points to --list: the 40 lines of usage would bury it
    if (error instanceof UnknownEventError) throw new UsageError(error.message, false);
    throw error;
  }

  const webhookUrl = o["webhook-url"] === undefined ? null : httpUrl("webhook-url", o["webhook-url"]);
  const boardEvents = new Set(events.filter((e) => e.kind === "board").map((e) => e.name));
  if (webhookUrl && boardEvents.size !== 1) {
    throw new UsageError("--webhook-url is one webhook, which subscribed to one event: name exactly one board event with it");
  }
  const at = o.at === undefined ? new Date() : new Date(o.at);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--at must be a date and time (ISO 8601), got "${o.at}"`);
  const callbackHost = (o["callback-host"] ?? "127.0.0.1").trim().toLowerCase();
  if (!/^[a-z0-9.:-]{1,253}$/.test(callbackHost)) throw new UsageError(`--callback-host must be a host name or address, got "${o["callback-host"]}"`);

  const target = o.url === undefined ? config().publicUrl : httpUrl("url", o.url);
  const publicUrl = o["public-url"] === undefined ? target : httpUrl("public-url", o["public-url"]);
  const repeat = integer("repeat", o.repeat, 1, 1, 1000);
  const shuffleSeed = o.shuffle ? integer("seed", o.seed, Math.floor(Math.random() * 2 ** 31), 0, 2 ** 31 - 1) : null;
  if (o.seed !== undefined && !o.shuffle) throw new UsageError("--seed chooses the order of --shuffle: use it with --shuffle");

  return {
    list: false,
    settings: {
      events,
      target,
      targetGiven: o.url !== undefined,
      publicUrl,
      accountId: id("account", o.account, SIMULATION_DEFAULTS.accountId),
      boardId: id("board", o.board, SIMULATION_DEFAULTS.boardId),
      subitemsBoardId: id("subitems-board", o["subitems-board"], SEED_SUBITEMS_BOARD_ID),
      userId: id("user", o.user, SIMULATION_DEFAULTS.userId),
      planId: o.plan?.trim() || undefined,
      trial: o.trial ?? false,
      at,
      mode: oneOf("mode", o.mode, ["sync", "async"] as const) ?? "sync",
      callbackHost,
      callbackPort: integer("callback-port", o["callback-port"], 0, 0, 65535),
      waitMs: integer("wait", o.wait, 30, 0, 600) * 1000,
      webhookUrl,
      repeat,
      duplicate: o.duplicate ?? false,
      shuffleSeed,
      concurrency: integer("concurrency", o.concurrency, 1, 1, 64),
      secret: oneOf("secret", o.secret, ["signing", "client"] as const),
      claims: oneOf("claims", o.claims, ["top", "dat"] as const),
      json: o.json ?? false,
      allowProduction: o["allow-production"] ?? false,
    },
  };
}
