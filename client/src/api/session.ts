// Holds the monday sessionToken for API calls: fetched once, fetched again when the server says
// it has expired (concurrent calls share one renewal).

export interface SessionTokens {
  current(): Promise<string>;
  /** a fresh token, replacing `stale` unless another call already replaced it */
  renew(stale: string): Promise<string>;
}

/** `first`: a token already being fetched (asked for at start-up). */
export function sessionTokens(fetchToken: () => Promise<string>, first: Promise<string> | null = null): SessionTokens {
  let token: Promise<string> | null = null;
  const hold = (next: Promise<string>) => {
    token = next;
    // a failed fetch must not be kept: the next call asks monday again
    next.catch(() => {
      if (token === next) token = null;
    });
    return next;
  };
  const fetchOnce = () => hold(fetchToken());
  // the first token (fetched while React renders) is only kept: its failure shows on first use
  if (first) void hold(first);
  return {
    current: () => token ?? fetchOnce(),
    async renew(stale) {
      const held = token ? await token.catch(() => null) : null;
      return held && held !== stale ? held : fetchOnce();
    },
  };
}
