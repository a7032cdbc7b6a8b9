// `npx hookboard <command> ...`: finds the subcommand and runs it. Failures are one readable line on
// stderr and an exit code (1 failed, 2 called wrongly), never a stack trace.
import { EXIT, UsageError, type CliCommand, type CliIO } from "./command.ts";
import { COMMANDS, type ListedCommand } from "./commands.ts";

function overview(commands: readonly ListedCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "Usage: npx hookboard <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `npx hookboard <command> --help` for a command's options.",
  ].join("\n");
}

export async function runCli(argv: string[], io: CliIO, commands: readonly ListedCommand[] = COMMANDS): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    (name ? io.out : io.err)(overview(commands));
    return name ? EXIT.ok : EXIT.usage;
  }
  const listed = commands.find((c) => c.name === name);
  if (!listed) {
    io.err(`Unknown command "${name}".\n\n${overview(commands)}`);
    return EXIT.usage;
  }
  const command: CliCommand = await listed.load();
  if (args.includes("--help") || args.includes("-h")) {
    io.out(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.withUsage ? `${error.message}\n\n${command.usage}` : error.message);
      return EXIT.usage;
    }
    io.err(`hookboard ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failed;
  }
}
