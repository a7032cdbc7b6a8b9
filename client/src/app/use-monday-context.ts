// The view's monday context: asked for once, then followed as monday changes it (board switch,
// theme). Outside monday nobody answers, which the view says after a while.
import { useEffect, useState } from "react";
import { firstContext } from "../monday/first-answers.ts";
import { framed, listenToContext, type BoardViewContext } from "../monday/sdk.ts";

export type HostState = { state: "waiting" } | { state: "absent" } | { state: "ready"; context: BoardViewContext };

const NO_HOST_AFTER_MS = 4000;

export function useMondayContext(): HostState {
  const [host, setHost] = useState<HostState>(framed ? { state: "waiting" } : { state: "absent" });
  useEffect(() => {
    if (!framed) return;
    let answered = false;
    const accept = (context: BoardViewContext) => {
      answered = true;
      setHost({ state: "ready", context });
    };
    const unlisten = listenToContext(accept);
    void firstContext.then((context) => {
      // a pushed context may already be newer than the answer to the first question
      if (!answered) accept(context);
    });
    const timer = setTimeout(() => {
      if (!answered) setHost({ state: "absent" });
    }, NO_HOST_AFTER_MS);
    return () => {
      clearTimeout(timer);
      unlisten();
    };
  }, []);
  return host;
}
