import type { LatchkeyEventName, LatchkeyEvents } from '../types.js';

type Listener = (detail: { provider: string; account?: string }) => void;

/** A tiny typed event emitter; a throwing listener never stops the others. */
export interface Emitter {
  on<E extends LatchkeyEventName>(event: E, fn: (detail: LatchkeyEvents[E]) => void): () => void;
  /** `account`: the session the event concerns, when it is one account's. */
  emit(event: LatchkeyEventName, provider: string, account?: string): void;
}

export function createEmitter(): Emitter {
  const listeners = new Set<[LatchkeyEventName, Listener]>();
  return {
    on(event, fn) {
      const entry: [LatchkeyEventName, Listener] = [event, fn];
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    emit(event, provider, account) {
      for (const [name, fn] of listeners) {
        if (name !== event) continue;
        try {
          fn(account === undefined ? { provider } : { provider, account });
        } catch (err) {
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    },
  };
}
