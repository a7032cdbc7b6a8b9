// Holds the monday sessionToken for API calls: fetched once, fetched again when the server says
// it has expired (concurrent calls share one renewal).

export interface SessionTokens {
  current(): Promise<string>;
  /** a fresh token, replacing `stale` unless another call already replaced it */
  renew(stale: string): Promise<string>;
}

export function sessionTokens(fetchToken: () => Promise<string>): SessionTokens {
  let token: Promise<string> | null = null;
  const fetchOnce = () => {
    const next = fetchToken();
    token = next;
    // a failed fetch must not be cached: the next call asks monday again
    next.catch(() => {
      if (token === next) token = null;
    });
    return next;
  };
  return {
    current: () => token ?? fetchOnce(),
    async renew(stale) {
      const held = token ? await token.catch(() => null) : null;
      return held && held !== stale ? held : fetchOnce();
    },
  };
}
