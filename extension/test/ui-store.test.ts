import { describe, expect, it } from 'vitest';
import { createStore } from '../src/ui/store.js';

describe('createStore', () => {
  it('notifies subscribers of changes until they clean up', () => {
    const store = createStore(1);
    const seen: number[] = [];
    const cleanup = store.subscribe((v) => seen.push(v));
    store.set(2);
    store.set(2);
    store.update((v) => v * 10);
    cleanup();
    store.set(99);
    expect(seen).toEqual([2, 20]);
    expect(store.get()).toBe(99);
  });
});
