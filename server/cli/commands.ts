// Every `npx hookboard` subcommand: its name and one-line summary, and how to load it. A command's
// module (and what it imports: Prisma, the monday client, the simulator) is loaded only when that
// command runs, so `npx hookboard --help` starts in a blink. A new command is a file exporting a
// CliCommand, listed here.
import type { CliCommand } from "./command.ts";

export interface ListedCommand {
  name: string;
  /** one line for the command list */
  summary: string;
  load(): Promise<CliCommand>;
}

export const COMMANDS: readonly ListedCommand[] = [
  {
    name: "simulate",
    summary: "send app lifecycle, feature lifecycle and board events to a running Hookboard, signed like monday",
    load: () => import("./simulate.command.ts").then((m) => m.simulateCommand),
  },
  {
    name: "deliveries",
    summary: "list stored deliveries (--status dead: the ones the worker gave up on)",
    load: () => import("./deliveries.command.ts").then((m) => m.deliveriesCommand),
  },
  {
    name: "replay",
    summary: "process a stored delivery again (a dead one once its cause is fixed)",
    load: () => import("./replay.command.ts").then((m) => m.replayCommand),
  },
  {
    name: "reconcile",
    summary: "bring install and subscription state in line with monday's records",
    load: () => import("./reconcile.command.ts").then((m) => m.reconcileCommand),
  },
  {
    name: "lifecycle-subscriptions",
    summary: "list, sync or delete the app's feature-level lifecycle subscriptions at monday",
    load: () => import("./lifecycle-subscriptions.command.ts").then((m) => m.lifecycleSubscriptionsCommand),
  },
  {
    name: "rotate-token-key",
    summary: "re-encrypt the stored OAuth tokens under TOKEN_ENCRYPTION_KEY",
    load: () => import("./rotate-token-key.command.ts").then((m) => m.rotateTokenKeyCommand),
  },
  {
    name: "worker",
    summary: "run the delivery worker alone, without the webhook routes (scale it apart from the web processes)",
    load: () => import("./worker.command.ts").then((m) => m.workerCommand),
  },
  {
    name: "webhooks",
    summary: "create, list or delete board webhooks with a personal API token (MONDAY_API_TOKEN); their deliveries are unsigned",
    load: () => import("./webhooks.command.ts").then((m) => m.webhooksCommand),
  },
];
