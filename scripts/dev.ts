// `npm run dev`: the whole app on this machine, no monday account needed. It starts
//   - Hookboard (tsx watch: restarts on server changes),
//   - Vite serving the board view with hot reload, forwarding /api, /oauth and /webhooks to Hookboard,
//   - the stand-in monday host page that frames the view and answers monday-sdk-js,
//   - a stand-in monday API and OAuth server (boards, webhooks) unless DEV_MONDAY=real.
import "dotenv/config";
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { createServer as createVite } from "vite";
import { proxyTo } from "../client/vite.config.ts";
import { ensureDevSecrets } from "../server/config/dev-secrets.ts";
import { DEFAULT_SETTINGS, MondayHost } from "../test/helpers/monday-host/server.ts";
import { startBoardsMonday } from "../server/test-kit/monday/webhooks.ts";

const env = process.env;
const written = ensureDevSecrets(env, resolve(".env"));
if (written.length) console.warn(`dev: wrote development secrets to .env (${written.join(", ")})`);

const port = Number(env.PORT ?? 8080);
const vitePort = Number(env.DEV_VIEW_PORT ?? 5173);
const hostPort = Number(env.DEV_HOST_PORT ?? 5174);
// monday (the stand-in) reaches Hookboard through Vite's proxy, so the OAuth callback page has the
// view's origin and can tell the view that the flow ended
const serverEnv: Record<string, string | undefined> = { ...env, PORT: String(port), PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${vitePort}` };

let stopMonday = async () => {};
if (env.DEV_MONDAY !== "real") {
  // the stand-in knows one app, this developer's (.env): so `npx hookboard simulate`, which reads the
  // same .env, signs what it sends with the secrets Hookboard checks
  const monday = await startBoardsMonday({
    clientId: env.MONDAY_CLIENT_ID!,
    clientSecret: env.MONDAY_CLIENT_SECRET!,
    signingSecret: env.MONDAY_SIGNING_SECRET!,
  });
  // the host page's default user approves the OAuth flow, and its boards belong to its account
  monday.oauth.signedIn = { accountId: DEFAULT_SETTINGS.accountId, userId: DEFAULT_SETTINGS.userId };
  for (const board of ["3000001", "3000002", "3000003"]) monday.boards.addBoard(DEFAULT_SETTINGS.accountId, board);
  // OAuth 2.1 (the stand-in's default, as for every app created today) unless .env names a flow;
  // a wrong name goes through to Hookboard, whose start says what is wrong with it
  Object.assign(serverEnv, monday.env(env.MONDAY_OAUTH_FLOW as "legacy" | "oauth2.1" | undefined));
  stopMonday = () => monday.stop();
  console.log(`dev: stand-in monday API at ${monday.standin.apiUrl} (boards 3000001-3000003 of account ${DEFAULT_SETTINGS.accountId})`);
}

const vite = await createVite({
  configFile: resolve("client/vite.config.ts"),
  server: { port: vitePort, strictPort: true, proxy: proxyTo(`http://localhost:${port}`) },
});
await vite.listen();

const host = await new MondayHost({ viewUrl: `http://localhost:${vitePort}/view/`, clientSecret: serverEnv.MONDAY_CLIENT_SECRET ?? "" }).start(hostPort);
console.log(
  `\ndev: open ${host.url}/ to see the board view inside a stand-in monday (Vite: http://localhost:${vitePort}/view/, Hookboard: http://localhost:${port})\n`,
);

// started last: if a port above is taken, nothing is left running
const server = spawn(resolve("node_modules/.bin/tsx"), ["watch", "--clear-screen=false", "server/main.ts"], { stdio: "inherit", env: serverEnv });
const serverExited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
const stop = async () => {
  server.kill("SIGTERM");
  // tsx watch can outlive a plain SIGTERM while its child shuts down; never leave it behind
  const forced = setTimeout(() => server.kill("SIGKILL"), 5000);
  await Promise.allSettled([serverExited, vite.close(), host.stop(), stopMonday()]);
  clearTimeout(forced);
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
server.on("exit", (code) => {
  if (code !== null && code !== 0) console.error(`dev: Hookboard exited with ${code}`);
});
