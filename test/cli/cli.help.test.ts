// `npx hookboard --help` lists every command from the list alone (no command module is loaded for
// it), and a command's own --help loads that command only.
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../server/cli/commands.ts";
import { testEnv } from "../helpers/hookboard-server.ts";
import { runHookboardCli } from "./run-cli.ts";

describe("npx hookboard --help", () => {
  it("When asked for help, then every command is listed with its summary, the worker among them, and it exits 0", async () => {
    const run = await runHookboardCli(["--help"], { env: testEnv() });
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toContain(`${command.name.padEnd(23)}  ${command.summary}`);
    expect(run.stdout).toMatch(/^ {2}worker +run the delivery worker alone/m);
  });

  it("When asked for one command's help, then its usage is printed, naming what it does", async () => {
    const run = await runHookboardCli(["worker", "--help"], { env: testEnv() });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npx hookboard worker/);
    expect(run.stdout).toContain("WEB_ENABLED=false");
  });
});
