// The OAuth `state`: random, one-time, valid 10 minutes, bound to the account and user whose board
// view started the flow. Only its hash is stored; the PKCE verifier (OAuth 2.1) is stored encrypted.
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/client.ts";
import { HttpError } from "../http/http-error.ts";
import type { TokenCipher } from "./token-cipher.ts";

export const STATE_TTL_MS = 10 * 60_000;

export interface StartedFlow {
  state: string;
  /** S256 challenge of the PKCE verifier, when the flow uses PKCE */
  codeChallenge: string | null;
}

export interface ConsumedState {
  accountId: string;
  userId: string;
  isAdmin: boolean;
  codeVerifier: string | null;
}

const hashOf = (state: string) => createHash("sha256").update(state).digest("hex");
const base64url = (bytes: Buffer) => bytes.toString("base64url");

export class OAuthStates {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly cipher: TokenCipher,
  ) {}

  async create(user: { accountId: string; userId: string; isAdmin: boolean }, withPkce: boolean): Promise<StartedFlow> {
    const { accountId, userId, isAdmin } = user;
    const state = base64url(randomBytes(32));
    // 64 characters, inside PKCE's 43–128
    const verifier = withPkce ? base64url(randomBytes(48)) : null;
    const now = new Date();
    await this.prisma.oAuthState.create({
      data: {
        stateHash: hashOf(state),
        accountId,
        userId,
        isAdmin,
        codeVerifier: verifier ? this.cipher.encrypt(verifier, accountId) : null,
        expiresAt: new Date(now.getTime() + STATE_TTL_MS),
      },
    });
    // states nobody came back for are of no use after a day
    await this.prisma.oAuthState.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } });
    return { state, codeChallenge: verifier ? base64url(createHash("sha256").update(verifier).digest()) : null };
  }

  /** Marks the state used; a state that is unknown, used or expired is a 400. */
  async consume(state: string): Promise<ConsumedState> {
    const stateHash = hashOf(state);
    const now = new Date();
    const taken = await this.prisma.oAuthState.updateMany({ where: { stateHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    const row = await this.prisma.oAuthState.findUnique({ where: { stateHash } });
    if (taken.count !== 1 || !row) {
      const why = !row ? "is not one Hookboard issued" : row.usedAt ? "was already used" : "has expired";
      throw new HttpError(400, "invalid_state", `This sign-in link ${why}; start connecting again from the board view`);
    }
    return {
      accountId: row.accountId,
      userId: row.userId,
      isAdmin: row.isAdmin,
      codeVerifier: row.codeVerifier ? this.cipher.decrypt(row.codeVerifier, row.accountId) : null,
    };
  }
}
