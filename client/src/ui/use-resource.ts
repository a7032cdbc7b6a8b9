// Loads something from the server, keeps what was loaded while it reloads, and remembers the
// last failure, so a view can show skeletons once and an error box when a refresh fails.
import { useCallback, useEffect, useRef, useState } from "react";

export interface Resource<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): Promise<void>;
}

export function useResource<T>(load: (() => Promise<T>) | null, key: string): Resource<T> {
  const [state, setState] = useState<{ key: string; data: T | null; error: unknown; loading: boolean }>({ key, data: null, error: null, loading: true });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const current = loadRef.current;
    if (!current) return;
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await current();
      if (mine === generation.current) setState({ key, data, error: null, loading: false });
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ ...s, error, loading: false }));
    }
  }, [key]);

  useEffect(() => {
    // another board (or account): forget what was shown for the previous one
    setState({ key, data: null, error: null, loading: true });
    void reload();
  }, [key, reload]);

  return { data: state.key === key ? state.data : null, error: state.key === key ? state.error : null, loading: state.loading || state.key !== key, reload };
}

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
