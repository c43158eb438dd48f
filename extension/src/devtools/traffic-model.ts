import { createStore, type Store } from '../ui/store.js';
import { bearerRequestFromHar, type BearerRequest } from './bearer-requests.js';
import type { DevtoolsHost } from './devtools-host.js';

export interface TrafficModel {
  /** Newest first, at most `limit`. */
  requests: Store<BearerRequest[]>;
  clear(): void;
  /** Listens to the inspected page's network; returns the cleanup. */
  start(): () => void;
}

export function createTrafficModel(host: DevtoolsHost, limit = 200): TrafficModel {
  const requests = createStore<BearerRequest[]>([]);
  let seq = 0;
  return {
    requests,
    clear: () => requests.set([]),
    start() {
      return host.onRequestFinished((entry) => {
        const request = bearerRequestFromHar(entry, seq++);
        if (request !== undefined) requests.update((list) => [request, ...list].slice(0, limit));
      });
    },
  };
}
