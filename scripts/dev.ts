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
import { startBoardsMonday } from "../test/helpers/monday-standin/webhooks.ts";

const env = process.env;
const written = ensureDevSecrets(env, resolve(".env"));
if (written.length) console.warn(`dev: wrote development secrets to .env (${written.join(", ")})`);

const port = Number(env.PORT ?? 8080);
const vitePort = Number(env.DEV_VIEW_PORT ?? 5173);
const hostPort = Number(env.DEV_HOST_PORT ?? 5174);
const serverEnv: Record<string, string | undefined> = { ...env, PORT: String(port), PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${port}` };

let stopMonday = async () => {};
if (env.DEV_MONDAY !== "real") {
  const monday = await startBoardsMonday();
  // the host page's default user approves the OAuth flow, and its boards belong to its account
  monday.oauth.signedIn = { accountId: DEFAULT_SETTINGS.accountId, userId: DEFAULT_SETTINGS.userId };
  for (const board of ["3000001", "3000002", "3000003"]) monday.boards.addBoard(DEFAULT_SETTINGS.accountId, board);
  Object.assign(serverEnv, monday.env((env.MONDAY_OAUTH_FLOW as "legacy" | "oauth2.1" | undefined) ?? "legacy"));
  stopMonday = () => monday.stop();
  console.log(`dev: stand-in monday API at ${monday.standin.apiUrl} (boards 3000001-3000003 of account ${DEFAULT_SETTINGS.accountId})`);
}

const server = spawn(resolve("node_modules/.bin/tsx"), ["watch", "--clear-screen=false", "server/main.ts"], { stdio: "inherit", env: serverEnv });

const vite = await createVite({
  configFile: resolve("client/vite.config.ts"),
  server: { port: vitePort, strictPort: true, proxy: proxyTo(`http://localhost:${port}`) },
});
await vite.listen();

const host = await new MondayHost({ viewUrl: `http://localhost:${vitePort}/view/`, clientSecret: env.MONDAY_CLIENT_SECRET ?? "" }).start(hostPort);
console.log(`\ndev: open ${host.url}/ to see the board view inside a stand-in monday (Vite: http://localhost:${vitePort}/view/, Hookboard: http://localhost:${port})\n`);

const stop = async () => {
  server.kill("SIGTERM");
  await Promise.allSettled([vite.close(), host.stop(), stopMonday()]);
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
server.on("exit", (code) => {
  if (code !== null && code !== 0) console.error(`dev: Hookboard exited with ${code}`);
});
