// Every `npx hookboard` subcommand. A new one is a file exporting a CliCommand, added to this list.
import type { CliCommand } from "./command.ts";
import { lifecycleSubscriptionsCommand } from "./lifecycle-subscriptions.command.ts";
import { rotateTokenKeyCommand } from "./rotate-token-key.command.ts";
import { simulateCommand } from "./simulate.command.ts";

export const COMMANDS: readonly CliCommand[] = [simulateCommand, lifecycleSubscriptionsCommand, rotateTokenKeyCommand];
