// Starting Hookboard as it ships, from the environment (process.env, .env, or monday code's stores):
// `npm start` (server/main.ts) and `npx hookboard worker` (a worker-only process) both come here.
// A start that cannot serve exits with a message naming the setting.
import { ConfigError, createHookboard, HandlerRegistryError, readEnvironment, StartError } from "./index.ts";

/** Starts Hookboard; `overrides` win over the environment (the worker command sets WEB_ENABLED=false). */
export async function serve(overrides: Record<string, string> = {}): Promise<void> {
  try {
    Object.assign(process.env, overrides);
    const { config, log } = await readEnvironment();
    await createHookboard(config, { log }).start();
  } catch (error) {
    // a configuration problem exits with 78 (EX_CONFIG), as service managers expect
    if (error instanceof ConfigError || error instanceof HandlerRegistryError) {
      console.error(`Hookboard cannot start. ${error.message}`);
      process.exit(78);
    }
    if (error instanceof StartError) {
      console.error(`Hookboard cannot start: ${error.message}`);
      process.exit(error.setting === "PORT" ? 1 : 78);
    }
    console.error("Hookboard failed to start:", error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
