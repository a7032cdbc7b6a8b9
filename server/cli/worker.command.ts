// `npx hookboard worker`: a worker-only process. It applies stored deliveries and serves only
// /healthz, /readyz and /metrics on PORT, so web processes (WORKER_ENABLED=false) and workers can be
// scaled apart on PostgreSQL. The same as `npm start` with WEB_ENABLED=false.
import { type CliCommand, parseCommandArgs } from "./command.ts";

const USAGE = `Usage: npx hookboard worker

Runs the delivery worker without the webhook routes, OAuth or the board view, with the same
configuration and .env as the server (WEB_ENABLED=false). It serves /healthz, /readyz and /metrics on
PORT. Run it beside web processes started with WORKER_ENABLED=false (PostgreSQL; SQLite is for one
process). Stops gracefully on SIGTERM.`;

export const workerCommand: CliCommand = {
  name: "worker",
  usage: USAGE,
  async run(args) {
    parseCommandArgs(args, {}, false);
    const { serve } = await import("../serve.ts");
    await serve({ WEB_ENABLED: "false", WORKER_ENABLED: "true" });
    // serving until a signal stops the process
    return new Promise<number>(() => undefined);
  },
};
