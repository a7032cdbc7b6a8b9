// `npm start`: Hookboard as it ships, through its public entry. An app built on Hookboard has a main
// like this one with its handlers registered before `start` (see examples/item-counter/main.ts).
import { ConfigError, createHookboard, HandlerRegistryError, readEnvironment, StartError } from "./index.ts";

try {
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
