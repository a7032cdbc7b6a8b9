// Periodic refresh that pauses while monday hides the view (another tab, another board view).
import { useEffect, useRef } from "react";

/** Calls `tick` every `ms` while the page is visible, and when it becomes visible again. */
export function useInterval(tick: () => void, ms: number): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") tickRef.current();
    }, ms);
    const onVisible = () => {
      if (document.visibilityState === "visible") tickRef.current();
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [ms]);
}
