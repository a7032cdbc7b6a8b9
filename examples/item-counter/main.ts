// Runs the item-counter example: `npx tsx examples/item-counter/main.ts` (same settings as `npm start`;
// the greeting needs MONDAY_OAUTH_SCOPES=notifications:write).
import { createHookboard, readEnvironment } from "../../server/index.ts";
import { registerItemCounter } from "./item-counter.ts";

const { config, log } = await readEnvironment();
const hookboard = registerItemCounter(createHookboard(config, { log }));
await hookboard.start();
