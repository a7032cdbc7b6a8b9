// The webhook routes' token check on its own (the HTTP tests of each route go through it too):
// either of the app's secrets, `aud` bound to the route's public URL, the Client Secret only with an
// audience where a route asks for one, and a board view sessionToken never passing for monday.
import { describe, expect, it } from "vitest";
import { MondayJwtError } from "../../server/auth/monday-jwt.ts";
import { publicUrlOf, requireWebhookJwt, toUnauthorized, webhookSecrets, type WebhookJwtOptions } from "../../server/auth/webhook-auth.ts";
import { loadConfig } from "../../server/config/config.ts";
import { HttpError } from "../../server/http/http-error.ts";
import { datToken, sessionToken, TEST_SECRETS, webhookToken } from "../../server/test-kit/monday-tokens.ts";
import { testEnv } from "../helpers/hookboard-server.ts";

const PUBLIC_URL = "https://hookboard.example";
const config = loadConfig(testEnv({ PUBLIC_URL, DATABASE_URL: "file:./data/unused-webhook-auth-test.db" }));
const PATH = "/webhooks/lifecycle";

interface Outcome {
  error: HttpError | null;
  monday: unknown;
}

async function check(authorization: string | undefined, options: WebhookJwtOptions = {}, originalUrl = PATH): Promise<Outcome> {
  const req: { originalUrl: string; monday?: unknown; get(name: string): string | undefined } = {
    originalUrl,
    get: (name) => (name.toLowerCase() === "authorization" ? authorization : undefined),
  };
  // an error the middleware throws instead of handing to next() rejects (Express would answer 500)
  const passed = await new Promise<unknown>((resolve, reject) => {
    Promise.resolve(requireWebhookJwt(config, options)(req as never, {} as never, resolve)).catch(reject);
  });
  if (passed !== undefined && !(passed instanceof HttpError)) throw passed;
  return { error: (passed as HttpError | undefined) ?? null, monday: req.monday };
}

describe("requireWebhookJwt", () => {
  it("When monday signs with the Signing Secret for this URL, then the request goes on with the claims", async () => {
    const { error, monday } = await check(await webhookToken(12345, { audience: PUBLIC_URL + PATH }));
    expect(error).toBeNull();
    expect(monday).toMatchObject({ accountId: "12345", userId: "4242", signedWith: "signing" });
  });

  it("When the token names another URL, then the answer is 401 jwt_audience and no claims are kept", async () => {
    const { error, monday } = await check(await webhookToken(12345, { audience: `${PUBLIC_URL}/webhooks/features/sync` }));
    expect(error).toMatchObject({ status: 401, code: "jwt_audience" });
    expect(monday).toBeUndefined();
  });

  it("When the request URL has a query, then the audience is the URL without it", async () => {
    const { error } = await check(await webhookToken(1, { audience: PUBLIC_URL + PATH }), {}, `${PATH}?retry=1`);
    expect(error).toBeNull();
  });

  it("When a route asks the Client Secret for an audience, then a client-signed token without aud is refused and one with it passes", async () => {
    const options = { clientSecretNeedsAudience: true };
    const without = await check(await datToken({ account_id: 1, user_id: 2 }, { secret: TEST_SECRETS.clientSecret }), options);
    expect(without.error).toMatchObject({ status: 401, code: "jwt_audience", message: "a token signed with the Client Secret must name this URL in aud" });
    expect(without.monday).toBeUndefined();
    const withAud = await check(await datToken({ account_id: 1, user_id: 2 }, { secret: TEST_SECRETS.clientSecret, audience: PUBLIC_URL + PATH }), options);
    expect(withAud.error).toBeNull();
    // the Signing Secret needs no audience there
    expect((await check(await webhookToken(1), options)).error).toBeNull();
  });

  it("When a route does not ask for it, then a client-signed token without aud passes", async () => {
    expect((await check(await datToken({ account_id: 1, user_id: 2 }, { secret: TEST_SECRETS.clientSecret }))).error).toBeNull();
  });

  it("When a client-signed token has top-level claims, or a dat that is no object, then it is no session and passes with its claims", async () => {
    const topLevel = await check(await webhookToken(31, { secret: TEST_SECRETS.clientSecret }));
    expect(topLevel).toMatchObject({ error: null, monday: { accountId: "31", signedWith: "client" } });
    const odd = await check(await webhookToken(32, { secret: TEST_SECRETS.clientSecret, extra: { dat: "user_kind" } }));
    expect(odd).toMatchObject({ error: null, monday: { accountId: "32", signedWith: "client" } });
  });

  it.each(["user_kind", "is_view_only", "is_guest", "install_id"])(
    "When a board view sessionToken (it has %s) is sent to a webhook route, then it does not pass for monday, even naming the URL",
    async (claim) => {
      const dat = { account_id: 1, user_id: 2, [claim]: claim === "install_id" ? 3 : claim === "user_kind" ? "admin" : false };
      for (const audience of [undefined, PUBLIC_URL + PATH]) {
        const { error, monday } = await check(await datToken(dat, { secret: TEST_SECRETS.clientSecret, audience }));
        expect(error).toMatchObject({ status: 401, code: "jwt_claims", message: "a board view sessionToken is not a webhook token" });
        expect(monday).toBeUndefined();
      }
    },
  );

  it("When a real board view sessionToken is sent, then it is refused; the same claims signed with the Signing Secret are monday's own", async () => {
    expect((await check(await sessionToken({ accountId: 1 }))).error).toMatchObject({ status: 401, code: "jwt_claims" });
    const signed = await datToken({ account_id: 1, user_id: 2, user_kind: "admin" }, { secret: TEST_SECRETS.signingSecret });
    expect((await check(signed)).error).toBeNull();
  });

  it("When there is no token or another secret signed it, then the answer is 401 naming why", async () => {
    expect((await check(undefined)).error).toMatchObject({ status: 401, code: "jwt_missing" });
    expect((await check(await webhookToken(1, { secret: "not-the-apps-secret-0123456789abcdef" }))).error).toMatchObject({
      status: 401,
      code: "jwt_signature",
    });
  });
});

describe("the webhook auth helpers", () => {
  it("When the public URL of a request is asked, then it is PUBLIC_URL and the path without the query", () => {
    expect(publicUrlOf({ publicUrl: PUBLIC_URL }, "/webhooks/board/abc?x=1&y=2")).toBe(`${PUBLIC_URL}/webhooks/board/abc`);
    expect(publicUrlOf({ publicUrl: PUBLIC_URL }, "/webhooks/lifecycle")).toBe(`${PUBLIC_URL}/webhooks/lifecycle`);
  });

  it("When the secrets are listed, then the Signing Secret comes first, then the Client Secret, each named", () => {
    expect(webhookSecrets({ mondaySigningSecret: "s", mondayClientSecret: "c" })).toEqual([
      { kind: "signing", secret: "s" },
      { kind: "client", secret: "c" },
    ]);
  });

  it("When a token is refused, then it becomes a 401 named for the reason; any other error is not turned into a 401", () => {
    const refused = toUnauthorized(new MondayJwtError("expired", "token has expired"));
    expect(refused).toMatchObject({ status: 401, code: "jwt_expired", message: "token has expired" });
    const bug = new TypeError("a bug");
    expect(() => toUnauthorized(bug)).toThrow(bug);
  });
});
