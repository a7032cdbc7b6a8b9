// What an `npx hookboard` subcommand is: a name, its usage text, and a run that returns the exit code.
import { parseArgs, type ParseArgsConfig } from "node:util";

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface CliCommand {
  name: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/**
 * The command was called wrongly: exit code 2, the message, and the command's usage unless the
 * message already says all there is to fix (`withUsage: false`).
 */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    readonly withUsage = true,
  ) {
    super(message);
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** node:util's parseArgs, strict, with a mistyped option reported as a UsageError. */
export function parseCommandArgs<T extends ParseArgsConfig["options"]>(args: string[], options: T, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
