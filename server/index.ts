// Hookboard's public entry: what an app built on it needs, and nothing else.
//
//   import { createHookboard, loadConfig, succeed } from "./server/index.ts";
//   const hookboard = createHookboard(loadConfig(process.env));
//   hookboard.on("board:create_item", async (event, ctx) => { … });
//   hookboard.on("feature:AppFeatureObject:create", async (event, ctx) => succeed());
//   await hookboard.start();
export { createHookboard, StartError, type Hookboard, type HookboardOptions } from "./hookboard.ts";
export { ConfigError, loadConfig, type Config } from "./config/config.ts";
export { readEnvironment } from "./config/environment.ts";
export { refuse, succeed, unrecognised, type FeatureOutcome } from "./features/outcome.ts";

export type { BoardKey, FeatureKey, HandlerKey, LifecycleKey, TaskKey } from "./handlers/keys.ts";
export type { EventOf, HandlerOf, RegisterOptions } from "./handlers/registry.ts";
export { HandlerRegistryError } from "./handlers/registry.ts";
export type { FeatureHandlerContext, HandlerContext, MondayClient } from "./handlers/context.ts";
export type { BoardEvent, ColumnChange, StatusLabel, UpdateFacts } from "./board-webhooks/board-event.ts";
export type { BoardWebhookEvent } from "./board-webhooks/webhook-events.ts";
export type { LifecycleEvent } from "./lifecycle/lifecycle-event.ts";
export type { LifecycleEventType } from "./lifecycle/events.ts";
export type { FeatureEvent, FeatureMode } from "./features/feature-event.ts";
export type { FeatureEventType, FeatureType } from "./features/event-types.ts";
export type { TaskEvent } from "./handlers/task-event.ts";
export type { Tx } from "./db/client.ts";
export type { Logger } from "./log/logger.ts";
export {
  MondayApiError,
  MondayNotFoundError,
  MondayRateLimitError,
  MondayReconnectRequiredError,
  MondayRequestError,
  MondayUnavailableError,
} from "./monday-api/errors.ts";
