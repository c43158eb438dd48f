import { toErrorView, type ErrorView } from './error-view.js';
import { createStore, type Store } from './store.js';

/** Which actions are running (by key, e.g. `signIn:dev`) and the last action's error. */
export interface ActionState {
  running: ReadonlySet<string>;
  error?: ErrorView & { key: string };
}

export interface Actions {
  state: Store<ActionState>;
  /** Runs `fn` under `key`; a second run of the same key while one is running is ignored. */
  run<T>(key: string, fn: () => Promise<T>): Promise<T | undefined>;
}

export function createActions(): Actions {
  const state = createStore<ActionState>({ running: new Set() });
  const setRunning = (key: string, on: boolean) => {
    const running = new Set(state.get().running);
    if (on) running.add(key);
    else running.delete(key);
    const { error } = state.get();
    state.set(error && !on ? { running, error } : { running });
  };
  return {
    state,
    async run(key, fn) {
      if (state.get().running.has(key)) return undefined;
      setRunning(key, true);
      try {
        const result = await fn();
        setRunning(key, false);
        return result;
      } catch (error) {
        const running = new Set(state.get().running);
        running.delete(key);
        state.set({ running, error: { ...toErrorView(error), key } });
        return undefined;
      }
    },
  };
}
