// Every `npx hookboard` subcommand. A new one is a file exporting a CliCommand, added to this list.
import type { CliCommand } from "./command.ts";
import { deliveriesCommand } from "./deliveries.command.ts";
import { lifecycleSubscriptionsCommand } from "./lifecycle-subscriptions.command.ts";
import { reconcileCommand } from "./reconcile.command.ts";
import { replayCommand } from "./replay.command.ts";
import { rotateTokenKeyCommand } from "./rotate-token-key.command.ts";
import { simulateCommand } from "./simulate.command.ts";

export const COMMANDS: readonly CliCommand[] = [
  simulateCommand,
  deliveriesCommand,
  replayCommand,
  reconcileCommand,
  lifecycleSubscriptionsCommand,
  rotateTokenKeyCommand,
];
