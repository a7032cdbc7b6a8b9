// What went wrong with a call to Hookboard's server, in words a board member can act on.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
  ) {
    super(message);
  }
}

/** monday refuses Hookboard's calls until someone connects (or reconnects) it. */
export function needsConnection(error: unknown): boolean {
  return error instanceof ApiError && (error.code === "oauth_required" || error.code === "oauth_reconnect_required");
}

export interface Explained {
  title: string;
  whatToTry: string;
}

/** The server's messages are written for people; the advice depends on the kind of failure. */
export function explain(error: unknown, doing: string): Explained {
  if (!(error instanceof ApiError)) {
    return { title: `Could not ${doing}.`, whatToTry: "Reload the view. If it keeps happening, tell the app's developer." };
  }
  const reference = error.requestId ? ` (reference ${error.requestId})` : "";
  if (error.status === 0) {
    return {
      title: `Could not ${doing}: Hookboard's server did not answer.`,
      whatToTry: "Check that the Hookboard server is running and reachable, then try again.",
    };
  }
  if (error.status === 401) {
    return {
      title: `Could not ${doing}: your monday session was not accepted.`,
      whatToTry: "Reload the board. If it keeps happening, the server's MONDAY_CLIENT_SECRET may not be this app's Client Secret.",
    };
  }
  if (error.code === "oauth_required") {
    return { title: `Could not ${doing}: you have not connected your monday user yet.`, whatToTry: "Use Connect above, then try again." };
  }
  if (error.code === "oauth_reconnect_required") {
    return { title: `Could not ${doing}: monday no longer accepts your connection.`, whatToTry: "Use Reconnect above, then try again." };
  }
  if (error.code.startsWith("monday_")) {
    return { title: `Could not ${doing}: ${error.message}`, whatToTry: "This is on monday's side; try again in a little while." };
  }
  if (error.status === 403) {
    return { title: `Could not ${doing}: ${error.message}`, whatToTry: "Ask a board owner or an account admin to do it." };
  }
  if (error.status === 404) {
    return { title: `Could not ${doing}: ${error.message}`, whatToTry: "Reload the view; it may have been removed meanwhile." };
  }
  if (error.status >= 500) {
    return {
      title: `Could not ${doing}: Hookboard's server ran into a problem${reference}.`,
      whatToTry: "Try again in a moment. If it persists, the server log has the details under that reference.",
    };
  }
  return { title: `Could not ${doing}: ${error.message}`, whatToTry: "Check the values and try again." };
}
