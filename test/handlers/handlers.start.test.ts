// Registrations that cannot work stop the start, with every problem named at once: a key that is
// none (from JavaScript, where the compiler cannot say so), and a second deciding handler for a
// feature event type. A port another process holds stops the start too, naming PORT.
import { createServer } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createHookboard, HandlerRegistryError, loadConfig, StartError, succeed, type Hookboard, type HandlerKey } from "../../server/index.ts";
import { testEnv } from "../helpers/hookboard-server.ts";
import { freePort } from "../helpers/server-process.ts";

describe("starting Hookboard", () => {
  const dirs: string[] = [];
  const started: Hookboard[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((h) => h.stop()));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function hookboard(port = 0): Hookboard {
    const dir = mkdtempSync(join(tmpdir(), "hookboard-start-"));
    dirs.push(dir);
    const config = loadConfig(testEnv({ DATABASE_URL: `file:${join(dir, "hookboard.db")}`, PORT: String(port) }));
    return createHookboard(config, { handleSignals: false });
  }

  it("When a key is misspelt (as JavaScript lets it be), then the start stops naming it and the nearest real key", async () => {
    const hb = hookboard();
    hb.on("board:create_itme" as HandlerKey, async () => undefined);
    hb.on("lifecycle:instal" as HandlerKey, async () => undefined);
    const failure = await hb.start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HandlerRegistryError);
    expect((failure as HandlerRegistryError).problems).toEqual([
      expect.stringMatching(/"board:create_itme" is not a handler key .*did you mean "board:create_item"\?/),
      expect.stringMatching(/"lifecycle:instal" is not a handler key .*did you mean "lifecycle:install"\?/),
    ]);
  });

  it("When two handlers decide the same feature event type, then the start stops naming both", async () => {
    const hb = hookboard();
    hb.on("feature:AppFeatureObject:create", async function mine() {
      return succeed();
    });
    hb.on("feature:AppFeatureObject:create", async () => succeed(), { name: "theirs" });
    // Hookboard's own board view handlers are registered already: a second one names it as Hookboard's
    hb.on("feature:AppFeatureBoardView:delete", async () => succeed(), { name: "my-view-cleanup" });
    const failure = await hb.start().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HandlerRegistryError);
    expect((failure as Error).message).toContain('"feature:AppFeatureObject:create" is registered twice ("mine" and "theirs")');
    expect((failure as Error).message).toContain(
      `"feature:AppFeatureBoardView:delete" is registered twice ("keep-deleted-view-settings" (Hookboard's own) and "my-view-cleanup")`,
    );
  });

  it("When a handler is registered after the start, then the registration is refused at once", async () => {
    const hb = hookboard();
    started.push(hb);
    await hb.start();
    expect(() => hb.on("board:*", async () => undefined)).toThrow(/register handlers before start/);
  });

  it("When the port is held by another process, then the start fails naming PORT, and no worker is left running", async () => {
    const port = await freePort();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, resolve));
    try {
      const failure = await hookboard(port)
        .start()
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StartError);
      expect(failure).toMatchObject({ setting: "PORT", message: expect.stringContaining(`port ${port} is in use`) });
    } finally {
      holder.close();
    }
  });
});
