import type { ErrorView } from './error-view.js';
import { toErrorView } from './error-view.js';
import type { Store } from './store.js';

/** Data fetched from the broker, with its loading and error state. */
export interface Loadable<T> {
  loading: boolean;
  data?: T;
  error?: ErrorView;
}

export function idle<T>(): Loadable<T> {
  return { loading: false };
}

/** Runs `fetch` and records its outcome in `store`, keeping the previous data while loading. */
export async function loadInto<T>(
  store: Store<Loadable<T>>,
  fetch: () => Promise<T>,
): Promise<void> {
  const previous = store.get().data;
  store.set(previous === undefined ? { loading: true } : { loading: true, data: previous });
  try {
    store.set({ loading: false, data: await fetch() });
  } catch (error) {
    const next: Loadable<T> = { loading: false, error: toErrorView(error) };
    if (previous !== undefined) next.data = previous;
    store.set(next);
  }
}
