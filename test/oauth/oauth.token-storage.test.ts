// OAuth tokens at rest: no token monday issued appears anywhere in the database (the SQLite file's
// bytes, every PostgreSQL row), values are bound to their account, and the encryption key can be
// rotated with `npx hookboard rotate-token-key` while Hookboard keeps working.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlitePath } from "../../server/db/client.ts";
import { keyIdOf, TokenCipher } from "../../server/oauth/token-cipher.ts";
import { databaseKinds, type TestDatabase } from "../helpers/databases.ts";
import { startHookboard, testEnv } from "../helpers/hookboard-server.ts";
import { connect, listWebhooks, startHookboardWithMonday, type HookboardWithMonday } from "../helpers/monday-standin/hookboard-with-monday.ts";
import { TEST_SECRETS } from "../../server/test-kit/monday-tokens.ts";

const kinds = await databaseKinds();

/** Everything the database holds, as text: the SQLite file (and its WAL), or every row of every PostgreSQL table. */
async function databaseText(database: TestDatabase): Promise<string> {
  if (database.kind === "sqlite") {
    const path = sqlitePath(database.url);
    return [path, `${path}-wal`]
      .filter(existsSync)
      .map((p) => readFileSync(p).toString("latin1"))
      .join("\n");
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const tables = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    const parts: string[] = [];
    for (const { tablename } of tables.rows) {
      const rows = await client.query(`SELECT t::text AS row FROM "${tablename}" t`);
      parts.push(...rows.rows.map((r: { row: string }) => r.row));
    }
    return parts.join("\n");
  } finally {
    await client.end();
  }
}

describe.each(kinds)("OAuth tokens at rest on %s", (kind) => {
  let world: HookboardWithMonday;
  const legacyUser = { accountId: "9301", userId: "31" };
  const user21 = { accountId: "9302", userId: "32" };

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind, flow: "oauth2.1" });
  });
  afterAll(() => world.stop());

  it("When tokens of both flows have been issued, refreshed and used, then none of them, nor a PKCE verifier, is in the database in plain text", async () => {
    await connect(world, user21);
    // a refresh adds a rotated pair
    world.monday.oauth.expireAccessTokens();
    world.monday.boards.addBoard(user21.accountId, "555");
    expect((await listWebhooks(world.hb.url, user21, "555")).status).toBe(200);
    // a legacy token, stored by a Hookboard in the legacy flow on the same database
    const legacy = await startHookboardWithMonday({ kind, flow: "legacy", monday: world.monday, database: world.hb.database });
    try {
      await connect(legacy, legacyUser);
    } finally {
      await legacy.stop();
    }

    const secrets = world.monday.oauth.everyTokenIssued();
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const verifiers = world.monday.standin.requests.map((r) => (r.json as { code_verifier?: string } | null)?.code_verifier).filter((v): v is string => !!v);
    expect(verifiers.length).toBeGreaterThan(0);
    const stored = await databaseText(world.hb.database);
    expect(stored).toContain(user21.accountId);
    for (const secret of [...secrets, ...verifiers]) {
      expect(stored.includes(secret), `a token is stored in plain text: ${secret.slice(0, 8)}…`).toBe(false);
      // nor any long piece of one
      expect(stored.includes(secret.slice(-24))).toBe(false);
    }
    const rows = await world.hb.hookboard.db.prisma.oAuthToken.findMany();
    expect(rows.map((r) => r.keyId)).toEqual(rows.map(() => keyIdOf(Buffer.from(TEST_SECRETS.tokenEncryptionKey, "base64"))));
  });

  it("When a stored token is copied to another account's row, then it does not decrypt there", async () => {
    const cipher = new TokenCipher(Buffer.from(TEST_SECRETS.tokenEncryptionKey, "base64"));
    const row = await world.hb.hookboard.db.prisma.oAuthToken.findFirstOrThrow({ where: { accountId: user21.accountId } });
    expect(world.monday.oauth.whoIs(cipher.decrypt(row.accessToken, user21.accountId))?.accountId).toBe(user21.accountId);
    expect(() => cipher.decrypt(row.accessToken, legacyUser.accountId)).toThrow(/does not decrypt/);
    // a fresh IV per value: the same token never encrypts to the same text twice
    expect(cipher.encrypt("same", "1")).not.toBe(cipher.encrypt("same", "1"));
  });
});

describe.each(kinds)("rotating the token encryption key on %s", (kind) => {
  const user = { accountId: "9401", userId: "41" };
  const oldKey = TEST_SECRETS.tokenEncryptionKey;
  const newKey = randomBytes(32).toString("base64");
  let world: HookboardWithMonday;

  beforeAll(async () => {
    world = await startHookboardWithMonday({ kind, flow: "legacy" });
    world.monday.boards.addBoard(user.accountId, "900");
    await connect(world, user);
    await world.hb.stop();
  });
  afterAll(async () => {
    await world.monday.stop();
    await world.hb.database.drop();
  });

  const rotate = (env: Record<string, string>) =>
    spawnSync(process.execPath, ["bin/hookboard.mjs", "rotate-token-key"], {
      env: { ...process.env, ...testEnv({ DATABASE_URL: world.hb.database.url, ...env }) },
      encoding: "utf8",
    });

  it("When the key changes with the old one kept as previous, then Hookboard still uses the stored token, the command moves it to the new key, and the old key can go", async () => {
    const reading = { ...world.monday.env("legacy"), TOKEN_ENCRYPTION_KEY: newKey, TOKEN_ENCRYPTION_KEYS_PREVIOUS: oldKey };
    const both = await startHookboard({ kind, database: world.hb.database, env: reading });
    try {
      expect((await listWebhooks(both.url, user, "900")).status).toBe(200);
    } finally {
      await both.stop();
    }

    const result = rotate({ TOKEN_ENCRYPTION_KEY: newKey, TOKEN_ENCRYPTION_KEYS_PREVIOUS: oldKey });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Re-encrypted 1 token row(s)");
    expect(result.stdout).not.toContain(world.monday.oauth.everyTokenIssued()[0]!);

    const onlyNew = await startHookboard({ kind, database: world.hb.database, env: { ...world.monday.env("legacy"), TOKEN_ENCRYPTION_KEY: newKey } });
    try {
      expect((await onlyNew.hookboard.db.prisma.oAuthToken.findFirstOrThrow({ where: { accountId: user.accountId } })).keyId).toBe(
        keyIdOf(Buffer.from(newKey, "base64")),
      );
      const listed = await listWebhooks(onlyNew.url, user, "900");
      expect(listed.status).toBe(200);
    } finally {
      await onlyNew.stop();
    }
    // nothing left to move: a second run changes nothing
    expect(rotate({ TOKEN_ENCRYPTION_KEY: newKey }).stdout).toContain("Re-encrypted 0 token row(s)");
  });
});
