// Compile-time checks of the handler contract, run by `npm run typecheck` (part of `npm test`): each
// line marked @ts-expect-error must fail to compile, so a misspelt key or a handler that reads the
// wrong event is caught before it runs. A line here that starts compiling fails the typecheck.
import { succeed, type Hookboard } from "../../server/index.ts";

export function keysAndEvents(hookboard: Hookboard): void {
  // @ts-expect-error a misspelt board event is not a key
  hookboard.on("board:create_itme", async () => undefined);
  // @ts-expect-error nor is an unknown family
  hookboard.on("webhook:create_item", async () => undefined);
  // @ts-expect-error nor a feature event type of another feature type
  hookboard.on("feature:AppFeatureBoardView:create", async () => succeed());

  hookboard.on("board:change_status_column_value", async (event) => {
    // the key types the event: a status change carries the label after and before
    const label: string | null | undefined = event.change.value?.label?.text;
    void label;
  });
  hookboard.on("board:create_item", async (event) => {
    // @ts-expect-error a created item carries no column change
    void event.change;
  });
  hookboard.on("lifecycle:install", async (event) => {
    const type: "install" = event.type;
    void type;
  });
  // @ts-expect-error a board handler returns nothing: monday's answer is not its to give
  hookboard.on("board:*", async () => succeed());
  // @ts-expect-error a feature handler must return monday's answer
  hookboard.on("feature:AppFeatureObject:create", async () => undefined);
  hookboard.on("feature:AppFeatureObject:*", async (event) => {
    // @ts-expect-error the wildcard's events are AppFeatureObject's only
    const other: "AppFeatureColumn:create" = event.type;
    return succeed({ other });
  });
}
