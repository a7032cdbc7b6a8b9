// Runs the OAuth flow in its own window (monday's authorize page cannot be framed) and tells the
// view when it ended: the callback page posts a message to its opener, and the window closes.
import { useCallback, useEffect, useRef, useState } from "react";

export type OAuthFlow = { state: "idle" } | { state: "open" } | { state: "blocked" } | { state: "failed"; error: unknown };

const CLOSED_POLL_MS = 500;

function fromCallbackPage(event: MessageEvent, popup: Window | null): boolean {
  if (popup && event.source === popup) return true;
  // the callback page is served by Hookboard; some browsers cut the opener link after visiting monday
  const data = event.data as { type?: unknown } | null;
  return event.origin === window.location.origin && typeof data?.type === "string" && data.type.includes("oauth");
}

export function useOAuthWindow(startUrl: () => Promise<string>, onEnded: () => void) {
  const [flow, setFlow] = useState<OAuthFlow>({ state: "idle" });
  const popup = useRef<Window | null>(null);
  const onEndedRef = useRef(onEnded);
  onEndedRef.current = onEnded;

  useEffect(() => {
    if (flow.state !== "open") return;
    const end = () => {
      setFlow({ state: "idle" });
      onEndedRef.current();
    };
    const onMessage = (event: MessageEvent) => {
      if (!fromCallbackPage(event, popup.current)) return;
      // a failure stays on screen for the user to read; success needs no more attention
      if ((event.data as { ok?: unknown } | null)?.ok === true) popup.current?.close();
      end();
    };
    const timer = setInterval(() => {
      if (popup.current?.closed) end();
    }, CLOSED_POLL_MS);
    window.addEventListener("message", onMessage);
    return () => {
      clearInterval(timer);
      window.removeEventListener("message", onMessage);
    };
  }, [flow.state]);

  const start = useCallback(() => {
    // opened synchronously in the click, or the browser blocks it; the address follows
    const opened = window.open("about:blank", "hookboard-oauth", "popup,width=720,height=780");
    if (!opened) {
      setFlow({ state: "blocked" });
      return;
    }
    popup.current = opened;
    setFlow({ state: "open" });
    startUrl().then(
      (url) => {
        opened.location.href = url;
      },
      (error: unknown) => {
        opened.close();
        setFlow({ state: "failed", error });
      },
    );
  }, [startUrl]);

  return { flow, start };
}
