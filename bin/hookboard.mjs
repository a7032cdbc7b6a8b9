#!/usr/bin/env node
// `npx hookboard`: runs the built CLI (dist/server/cli.js), building it first when it is missing or
// older than its sources (esbuild, a dependency: a fraction of a second). Only the command that runs
// is loaded (server/cli/commands.ts).
import { config } from "dotenv";
import { ensureServerBuilt, SERVER_DIST } from "../scripts/build.mjs";

config({ quiet: true });
await ensureServerBuilt();
const { runCli } = await import(`${SERVER_DIST}/cli.js`);
process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  cwd: process.cwd(),
});
