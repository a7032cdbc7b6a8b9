// The board webhook payloads of seed 002, as valid JSON: the samples `npx hookboard simulate` uses.
export { SEED_BOARD_EVENTS, SEED_BOARD_ID, type BoardEventSample, type SeedBoardEventName } from "../../../server/cli/simulate/board-samples.ts";
