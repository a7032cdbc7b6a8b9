// Builds the OAuth capability once: token encryption, the token store other capabilities borrow
// tokens from, and the /oauth routes.
import type { Router } from "express";
import type { Config } from "../config/config.ts";
import type { PrismaClient } from "../db/client.ts";
import type { Logger } from "../log/logger.ts";
import type { MondayApi } from "../monday-api/monday-api.ts";
import { MondayAuthServer } from "./auth-server.ts";
import { OAuthConnect } from "./oauth-connect.ts";
import { OAuthStates } from "./oauth-state.ts";
import { oauthRouter } from "./oauth.routes.ts";
import { TokenCipher } from "./token-cipher.ts";
import { TokenStore } from "./token-store.ts";

export interface OAuthCapability {
  tokens: TokenStore;
  router: Router;
}

export function tokenCipherFor(config: Pick<Config, "tokenEncryptionKey" | "previousTokenEncryptionKeys">): TokenCipher {
  return new TokenCipher(config.tokenEncryptionKey, config.previousTokenEncryptionKeys);
}

export function createOAuth(config: Config, prisma: PrismaClient, api: MondayApi, log: Logger): OAuthCapability {
  const cipher = tokenCipherFor(config);
  const auth = new MondayAuthServer(config);
  const tokens = new TokenStore(prisma, cipher, auth, log);
  const connect = new OAuthConnect(auth, new OAuthStates(prisma, cipher), tokens, api, log);
  return { tokens, router: oauthRouter(config, connect) };
}
