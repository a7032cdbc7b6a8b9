// The one registry of handlers, for every family of what monday sends (and the tasks handlers leave
// for after their commit). Board and lifecycle keys may have several handlers, run in registration
// order; a feature event type has exactly one deciding handler (its own key's, else its feature
// type's `:*`, else Hookboard's default, which records the event and succeeds); a task has one.
// Problems (a key that is none, a second deciding handler) are collected and stop the start, all
// named at once.
import type { BoardEvent } from "../board-webhooks/board-event.ts";
import type { BoardWebhookEvent } from "../board-webhooks/webhook-events.ts";
import { featureTypeOf, type EventTypesOf, type FeatureEventType, type FeatureType } from "../features/event-types.ts";
import type { FeatureEvent } from "../features/feature-event.ts";
import type { FeatureOutcome } from "../features/outcome.ts";
import type { LifecycleEventType } from "../lifecycle/events.ts";
import type { LifecycleEvent } from "../lifecycle/lifecycle-event.ts";
import type { FeatureHandlerContext, HandlerContext } from "./context.ts";
import { keyProblem, parseKey, type FeatureKey, type HandlerKey, type ParsedKey } from "./keys.ts";
import type { TaskEvent } from "./task-event.ts";

/** The event a handler of key K receives. */
export type EventOf<K extends HandlerKey> = K extends `board:${infer E}`
  ? E extends BoardWebhookEvent
    ? BoardEvent<E>
    : BoardEvent
  : K extends `lifecycle:${infer T}`
    ? T extends LifecycleEventType
      ? LifecycleEvent<T>
      : LifecycleEvent
    : K extends `feature:${infer F}:*`
      ? F extends FeatureType
        ? FeatureEvent<EventTypesOf<F>>
        : never
      : K extends `feature:${infer E}`
        ? E extends FeatureEventType
          ? FeatureEvent<E>
          : never
        : K extends `task:${string}`
          ? TaskEvent
          : never;

/** The handler a key takes: feature handlers decide monday's answer, the others return nothing and throw to retry. */
export type HandlerOf<K extends HandlerKey> = K extends FeatureKey
  ? (event: EventOf<K>, ctx: FeatureHandlerContext<EventOf<K>>) => Promise<FeatureOutcome>
  : (event: EventOf<K>, ctx: HandlerContext<EventOf<K>>) => Promise<void>;

export interface RegisterOptions {
  /** the handler's name in logs, errors and its commit record (default: the function's name); keep it stable across releases */
  name?: string;
}

/** A handler as the families run it (the key decided its types at registration). */
export type AnyHandler = (event: never, ctx: never) => Promise<unknown>;

export interface Registration {
  key: string;
  parsed: ParsedKey;
  name: string;
  /** what a committed run of this handler is recorded as (stable across restarts) */
  step: string;
  handler: AnyHandler;
  /** Hookboard's own reactions, registered before any of the app's */
  builtIn: boolean;
}

export class HandlerRegistryError extends Error {
  constructor(readonly problems: string[]) {
    super(`Hookboard cannot start: its handlers are not registered right:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "HandlerRegistryError";
  }
}

const describe = (r: Pick<Registration, "name" | "builtIn">) => `"${r.name}"${r.builtIn ? " (Hookboard's own)" : ""}`;

export class HandlerRegistry {
  private readonly registrations: Registration[] = [];
  private readonly problems: string[] = [];
  private frozen = false;

  /** Registers `handler` for `key`. The key types the event; a wrong key is a type error, and from JavaScript a start-up error. */
  on<K extends HandlerKey>(key: K, handler: HandlerOf<K>, options: RegisterOptions = {}): this {
    return this.add(key, handler as unknown as AnyHandler, options, false);
  }

  /** Hookboard's own reactions go through the same door, marked as its own. */
  builtIn<K extends HandlerKey>(key: K, handler: HandlerOf<K>, options: RegisterOptions = {}): this {
    return this.add(key, handler as unknown as AnyHandler, options, true);
  }

  private add(key: string, handler: AnyHandler, options: RegisterOptions, builtIn: boolean): this {
    if (this.frozen) throw new Error(`register handlers before start: "${String(key)}" came after Hookboard started`);
    const parsed = parseKey(key);
    if (!parsed) {
      this.problems.push(keyProblem(key));
      return this;
    }
    if (typeof handler !== "function") {
      this.problems.push(`the handler for "${key}" is not a function`);
      return this;
    }
    const base = options.name ?? (handler.name || "anonymous");
    const sameName = this.registrations.filter((r) => r.key === key && r.name.split("#")[0] === base).length;
    const name = sameName ? `${base}#${sameName + 1}` : base;
    if (parsed.family === "feature" || parsed.family === "task") {
      const earlier = this.registrations.find((r) => r.key === key);
      if (earlier) {
        const what = parsed.family === "task" ? "a task has one handler" : "a feature event type has exactly one deciding handler";
        this.problems.push(`"${key}" is registered twice (${describe(earlier)} and ${describe({ name, builtIn })}): ${what}`);
        return this;
      }
    }
    this.registrations.push({ key, parsed, name, step: `${key}#${name}`, handler, builtIn });
    return this;
  }

  /** Throws every problem found so far at once. */
  check(): void {
    if (this.problems.length) throw new HandlerRegistryError(this.problems);
  }

  /** Called at start: checks, then accepts no more registrations. */
  freeze(): void {
    this.check();
    this.frozen = true;
  }

  /** Handlers of a board event: those of `board:<event>` and `board:*`, in registration order. */
  boardHandlers(event: string): Registration[] {
    return this.registrations.filter((r) => r.parsed.family === "board" && (r.parsed.event === "*" || r.parsed.event === event));
  }

  /** Handlers of an app lifecycle event: `lifecycle:<type>` and `lifecycle:*`, in registration order. */
  lifecycleHandlers(type: string): Registration[] {
    return this.registrations.filter((r) => r.parsed.family === "lifecycle" && (r.parsed.type === "*" || r.parsed.type === type));
  }

  /** The deciding handler of a feature event type; null means Hookboard's default. */
  featureHandler(type: FeatureEventType): Registration | null {
    const featureType = featureTypeOf(type);
    const own = this.registrations.find((r) => r.parsed.family === "feature" && "eventType" in r.parsed && r.parsed.eventType === type);
    return own ?? this.registrations.find((r) => r.parsed.family === "feature" && "featureType" in r.parsed && r.parsed.featureType === featureType) ?? null;
  }

  taskHandler(name: string): Registration | null {
    return this.registrations.find((r) => r.parsed.family === "task" && r.parsed.name === name) ?? null;
  }

  /** Every registration, in order (for logs and tests). */
  list(): readonly Registration[] {
    return this.registrations;
  }
}
