#!/usr/bin/env node
// `npx hookboard`: runs the TypeScript CLI through tsx (a dependency), so there is no build step.
import { config } from "dotenv";
import { register } from "tsx/esm/api";

config({ quiet: true });
register();
const { runCli } = await import("../server/cli/main.ts");
process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  cwd: process.cwd(),
});
