import type { LatchkeyEventName, LatchkeyEvents } from '../types.js';

type Listener = (detail: { provider: string }) => void;

/** A tiny typed event emitter; a throwing listener never stops the others. */
export interface Emitter {
  on<E extends LatchkeyEventName>(event: E, fn: (detail: LatchkeyEvents[E]) => void): () => void;
  emit(event: LatchkeyEventName, provider: string): void;
}

export function createEmitter(): Emitter {
  const listeners = new Set<[LatchkeyEventName, Listener]>();
  return {
    on(event, fn) {
      const entry: [LatchkeyEventName, Listener] = [event, fn];
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    emit(event, provider) {
      for (const [name, fn] of listeners) {
        if (name !== event) continue;
        try {
          fn({ provider });
        } catch (err) {
          queueMicrotask(() => {
            throw err;
          });
        }
      }
    },
  };
}
