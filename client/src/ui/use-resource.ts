// Loads something from the server, keeps what was loaded while it reloads, and remembers the
// last failure, so a view can show skeletons once and an error box when a refresh fails.
import { useCallback, useEffect, useRef, useState } from "react";

export interface Resource<T> {
  data: T | null;
  error: unknown;
  reload(): Promise<void>;
}

export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [state, setState] = useState<{ key: string; data: T | null; error: unknown }>({ key, data: null, error: null });
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);

  const reload = useCallback(async () => {
    const current = loadRef.current;
    const mine = ++generation.current;
    try {
      const data = await current();
      if (mine === generation.current) setState({ key, data, error: null });
    } catch (error) {
      // what was shown stays; the error says the refresh failed
      if (mine === generation.current) setState((s) => ({ ...s, error }));
    }
  }, [key]);

  useEffect(() => {
    // another board (or account): forget what was shown for the previous one
    setState({ key, data: null, error: null });
    void reload();
  }, [key, reload]);

  const current = state.key === key;
  return { data: current ? state.data : null, error: current ? state.error : null, reload };
}
