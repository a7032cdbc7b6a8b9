// `npx hookboard simulate <event...>`: sends the requests monday sends, signed as monday signs them,
// to a running Hookboard, so every kind of request can be watched locally: app lifecycle, feature
// lifecycle (sync, or async with a local back_to_url receiver) and board webhook events.
import type { BoardWebhookEvent } from "../board-webhooks/webhook-events.ts";
import type { Config } from "../config/config.ts";
import { hostMatches } from "../features/callback-url.ts";
import { cliConfig } from "./cli-database.ts";
import { EXIT, UsageError, type CliCommand, type CliIO } from "./command.ts";
import { hintFor } from "./simulate/answer-hints.ts";
import { boardTargets, describeWebhookTarget, type Signer, type WebhookReport } from "./simulate/board-webhook-targets.ts";
import { CallbackReceiver, type ReceivedResult } from "./simulate/callback-receiver.ts";
import { productionRefusal } from "./simulate/production-guard.ts";
import { planDeliveries, type PlannedDelivery } from "./simulate/delivery-plan.ts";
import { describeCatalogue, type EventKind } from "./simulate/event-catalogue.ts";
import { callerClaims, signMondayToken, type ClaimShape, type MondayCaller } from "./simulate/monday-signer.ts";
import { postLikeMonday } from "./simulate/send-request.ts";
import { simulatedRequest, type SimulatedRequest } from "./simulate/simulated-requests.ts";
import { readSimulation, SIMULATION_DEFAULTS, type SimulationSettings } from "./simulate/simulation-settings.ts";
import { whereToLook } from "./simulate/where-to-look.ts";

const USAGE = `Usage: npx hookboard simulate <event...> [options]
       npx hookboard simulate --list

Sends the requests monday sends to a running Hookboard, signed as monday signs them (HS256 with the
app's secret from this environment or .env, aud = the route's URL under PUBLIC_URL, exp in 5 minutes),
with bodies built from monday's samples, and prints each answer. <event> is one of the 52 events
(--list), or a group: lifecycle (12, ending in cancellation and uninstall), feature (19), board (21),
all (49: every board and feature event, and the app lifecycle of an account that installs and
subscribes, so it stays installed and subscribed).

  app lifecycle   POST /webhooks/lifecycle, top-level claims; data.timestamp is --at, then 1 ms
                  apart in the order given (Hookboard orders state by it)
  feature         POST /webhooks/features/sync|async with X-Apps-Event-Id, dat claims. Async: the
                  simulator receives the result at its own back_to_url and prints it; the server
                  must allow the host: MONDAY_CALLBACK_HOSTS=monday.com,*.monday.com,127.0.0.1
  board           the challenge, then the event, to the webhook's own URL: the newest webhook for the
                  board and event added in the board view, else one the simulator records in the
                  server's database (DATABASE_URL) the way Hookboard does before create_webhook,
                  without registering it at monday, and reuses on later runs (the board view lists
                  and deletes it like any other); or --webhook-url

Options:
  --url <url>             where to send (default PUBLIC_URL, else http://localhost:$PORT)
  --public-url <url>      the server's PUBLIC_URL, named in the token's aud (default: --url)
  --account <id>          the account (default ${SIMULATION_DEFAULTS.accountId}, the account of \`npm run dev\`)
  --board <id>            the board of board and feature events (default ${SIMULATION_DEFAULTS.boardId})
  --subitems-board <id>   the board holding subitems, for subitem events
  --user <id>             the user who acted (default ${SIMULATION_DEFAULTS.userId})
  --plan <id>             the subscription's plan_id in lifecycle events
  --trial                 lifecycle events say is_trial: true
  --at <time>             the time of the first event (ISO 8601; default now)
  --mode sync|async       how feature events are sent (default sync)
  --callback-host <host>  the host of the async back_to_url (default 127.0.0.1)
  --callback-port <port>  its port (default: any free one)
  --wait <seconds>        how long to wait for async results (default 30)
  --webhook-url <url>     board: send to this webhook Hookboard issued (one board event; --account
                          must be the account it belongs to)
  --repeat <n>            send each event n times, as n distinct events (a burst)
  --duplicate             send every event twice, as monday does when it retries
  --shuffle               send in a random order (with --seed <n> to repeat an order)
  --concurrency <n>       requests in flight at once (default 1)
  --secret signing|client and --claims top|dat  sign another way than monday's usual one
  --json                  print one JSON document instead of text
  --allow-production      sign with production settings all the same (NODE_ENV=production, or the
                          app's own secrets instead of the development ones): what is sent then
                          passes for monday's requests at the production Hookboard

Exits 0 when every request got a 2xx answer (and every async result came back), 1 otherwise.`;

interface SendResult {
  event: string;
  kind: EventKind;
  index: number;
  /** the same event was sent before in this run */
  again: boolean;
  status: number;
  answer: unknown;
  hint: string | null;
  eventId?: string;
}

function compact(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function tokenFor(config: Config, secret: "signing" | "client", claims: ClaimShape, caller: MondayCaller, audience: string): Promise<string> {
  return signMondayToken(callerClaims(caller, claims), { secret: secret === "client" ? config.mondayClientSecret : config.mondaySigningSecret, audience });
}

/** The challenge is signed like the board events that follow it. */
function challengeSigner(config: Config, s: SimulationSettings): Signer {
  return async (audience, caller) => ({ authorization: await tokenFor(config, s.secret ?? "signing", s.claims ?? "top", caller, audience) });
}

async function headersOf(request: SimulatedRequest, config: Config): Promise<Record<string, string>> {
  return { ...request.headers, authorization: await tokenFor(config, request.secret, request.claims, request.caller, request.audience) };
}

/** Sends the plan, `concurrency` at a time, printing each answer (and each distinct hint once) as it comes. */
async function sendAll(
  plan: PlannedDelivery[],
  requestOf: (d: PlannedDelivery) => SimulatedRequest | null,
  { config, settings: s, say }: { config: Config; settings: SimulationSettings; say: (line: string) => void },
): Promise<SendResult[]> {
  const results: SendResult[] = [];
  const hintsShown = new Set<string>();
  const dispatched = new Set<number>();
  const width = String(plan.length).length;
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < plan.length) {
      const delivery = plan[next++]!;
      const request = requestOf(delivery);
      if (!request) {
        results.push({
          event: delivery.event.name,
          kind: delivery.event.kind,
          index: delivery.index,
          again: dispatched.has(delivery.index),
          status: 0,
          answer: null,
          hint: "its webhook did not answer the challenge",
        });
        continue;
      }
      // the first copy to go out is the event, the other its repetition, whichever the shuffle put first
      const again = dispatched.has(delivery.index);
      dispatched.add(delivery.index);
      const answer = await postLikeMonday(request.url, request.body, await headersOf(request, config));
      const help =
        answer.status >= 200 && answer.status < 300 ? null : hintFor(answer, { target: request.url, audience: request.audience, callbackHost: s.callbackHost });
      results.push({
        event: request.event.name,
        kind: request.event.kind,
        index: request.index,
        again,
        status: answer.status,
        answer: answer.body ?? answer.error ?? null,
        hint: help,
        ...(request.eventId ? { eventId: request.eventId } : {}),
      });
      done++;
      say(
        `${String(done).padStart(width)}/${plan.length}  ${request.event.name}${again ? " (again)" : ""}  → ${answer.status || "no answer"} ${compact(answer.body ?? answer.error)}`,
      );
      if (help && !hintsShown.has(help)) {
        hintsShown.add(help);
        say(`  hint: ${help}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(s.concurrency, plan.length) }, lane));
  return results;
}

async function simulate(s: SimulationSettings, config: Config, io: CliIO): Promise<number> {
  const say = (line: string) => {
    if (!s.json) io.out(line);
  };
  const kinds = new Set(s.events.map((e) => e.kind));
  const plan = planDeliveries(s.events, { repeat: s.repeat, duplicate: s.duplicate, shuffleSeed: s.shuffleSeed });
  const asyncFeatures = s.mode === "async" && kinds.has("feature");
  const appId = io.env.MONDAY_APP_ID?.trim();
  // monday's short-lived token is an API token; the simulator's stands in for it and opens nothing
  const caller: MondayCaller = {
    accountId: s.accountId,
    userId: s.userId,
    shortLivedToken: "simulated-short-lived-token",
    ...(appId && /^\d+$/.test(appId) ? { appId } : {}),
  };

  say(
    `Simulating ${plan.length} request(s) to ${s.target} as account ${s.accountId}${s.publicUrl !== s.target ? ` (aud under ${s.publicUrl})` : ""}` +
      `${s.shuffleSeed !== null ? `, shuffled (--seed ${s.shuffleSeed})` : ""}${s.duplicate ? ", each sent twice" : ""}.`,
  );
  if (asyncFeatures && !config.callbackHosts.some((p) => hostMatches(s.callbackHost, p))) {
    say(
      `note: MONDAY_CALLBACK_HOSTS here (${config.callbackHosts.join(",")}) does not allow ${s.callbackHost}; if the server's does not either, it refuses async events with callback_not_allowed.`,
    );
  }

  const receiver = asyncFeatures ? await new CallbackReceiver(s.callbackHost).start(s.callbackPort) : null;
  const arrived: { event: string; eventId: string | null; result: ReceivedResult }[] = [];
  try {
    const boardEvents = [...new Set(s.events.filter((e) => e.kind === "board").map((e) => e.name as BoardWebhookEvent))];
    const { targets, reports } = await boardTargets(boardEvents, s, config, caller, challengeSigner(config, s));
    for (const report of reports) {
      const answer = report.challenge;
      say(
        `board ${report.event}: ${describeWebhookTarget(report, targets.get(report.event))}; challenge → ${answer.status || "no answer"} ${report.echoed ? "echoed" : `not echoed ${compact(answer.body)}`}`,
      );
      const help = report.echoed ? null : hintFor(answer, { target: s.target, audience: s.publicUrl, callbackHost: s.callbackHost });
      if (help) say(`  hint: ${help}`);
    }

    const requests = new Map<number, SimulatedRequest>();
    const requestOf = (d: PlannedDelivery): SimulatedRequest | null => {
      if (d.event.kind === "board" && !targets.has(d.event.name)) return null;
      let request = requests.get(d.index);
      if (!request) {
        request = simulatedRequest(d.event, d.index, { settings: s, boardTargets: targets, receiver, caller });
        requests.set(d.index, request);
      }
      return request;
    };
    const requestOfResult = (jobId: string) => [...requests.values()].find((r) => r.backToUrl?.endsWith(`/${jobId}`));
    receiver?.onResult((result) => {
      const request = requestOfResult(result.jobId);
      arrived.push({ event: request?.event.name ?? "?", eventId: request?.eventId ?? null, result });
      say(`← back_to_url of ${request?.event.name ?? "an unknown event"} (event ${request?.eventId ?? "?"}): ${compact(result.body)}`);
    });

    const results = await sendAll(plan, requestOf, { config, settings: s, say });

    let missing: SimulatedRequest[] = [];
    if (receiver) {
      const expected = [...requests.values()].filter((r) => r.backToUrl && results.some((x) => x.index === r.index && x.status === 202));
      if (expected.length) say(`Waiting up to ${s.waitMs / 1000} s for ${expected.length} async result(s) at back_to_url…`);
      const waiting = await receiver.waitFor(
        expected.map((r) => r.backToUrl!),
        s.waitMs,
      );
      missing = expected.filter((r) => waiting.includes(r.backToUrl!));
      for (const r of missing)
        say(
          `no result came back for ${r.event.name} (event ${r.eventId}) within ${s.waitMs / 1000} s: GET /api/deliveries shows its callbackStatus, the server log why`,
        );
    }

    const accepted = results.filter((r) => r.status >= 200 && r.status < 300);
    const duplicates = accepted.filter((r) => (r.answer as { duplicate?: unknown } | null)?.duplicate === true).length;
    const ok = accepted.length === plan.length && missing.length === 0 && reports.every((r) => r.echoed);
    if (s.json) {
      io.out(
        JSON.stringify(
          {
            ok,
            target: s.target,
            publicUrl: s.publicUrl,
            accountId: s.accountId,
            boardId: s.boardId,
            seed: s.shuffleSeed,
            webhooks: reports.map((r: WebhookReport) => ({
              event: r.event,
              webhookId: r.webhookId,
              origin: r.origin,
              recorded: r.recorded,
              echoed: r.echoed,
              status: r.challenge.status,
            })),
            sent: results,
            callbacks: arrived.map((a) => ({ event: a.event, eventId: a.eventId, body: a.result.body })),
          },
          null,
          2,
        ),
      );
    } else {
      say(
        `${accepted.length} of ${plan.length} accepted${duplicates ? ` (${duplicates} acknowledged as a duplicate, stored once)` : ""}${receiver ? `; ${arrived.length} async result(s) came back` : ""}.`,
      );
      for (const line of whereToLook(kinds, { accountId: s.accountId, boardId: s.boardId })) say(line);
    }
    return ok ? EXIT.ok : EXIT.failed;
  } finally {
    await receiver?.stop();
  }
}

export const simulateCommand: CliCommand = {
  name: "simulate",
  usage: USAGE,
  async run(args, io) {
    let config: Config | null = null;
    const configOnce = () => (config ??= cliConfig(io));
    const parsed = readSimulation(args, configOnce);
    if (parsed.list) {
      io.out(describeCatalogue());
      return EXIT.ok;
    }
    const refusal = productionRefusal(configOnce(), parsed.settings.allowProduction);
    if (refusal) throw new UsageError(refusal, false);
    return simulate(parsed.settings, configOnce(), io);
  },
};
