import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatchkeyError } from '@latchkey/core';
import type { PageTokenInfo } from '@latchkey/core';
import { createSessionStore, sessionStore } from '../src/bindings/session-store.js';
import { flush, scriptedLatchkey, token } from './support/scripted-latchkey.js';

describe('session store', () => {
  it('loads on the first subscription, notifies on change only, and keeps the snapshot stable', async () => {
    const k = scriptedLatchkey();
    const store = createSessionStore(k.latchkey);
    const seen: string[] = [];
    const first = store.getSnapshot('acme');
    expect(first.status).toBe('loading');
    const off = store.subscribe('acme', () => seen.push(store.getSnapshot('acme').status));
    expect(k.calls).toHaveLength(1);
    expect(store.getSnapshot('acme')).toBe(first);
    const t = token();
    await k.answer(t);
    expect(seen).toEqual(['signedIn']);
    const signedIn = store.getSnapshot('acme');
    expect(signedIn.token).toBe(t);
    expect(store.getSnapshot('acme')).toBe(signedIn);
    // The same token again changes nothing.
    k.emit('tokenChanged', 'acme');
    await k.answer(t);
    expect(seen).toEqual(['signedIn']);
    off();
  });

  it('is one store per Latchkey', () => {
    const k = scriptedLatchkey();
    expect(sessionStore(k.latchkey)).toBe(sessionStore(k.latchkey));
  });

  it('login_required is signedOut, not an error; another error with no token is status error', async () => {
    const k = scriptedLatchkey();
    const store = createSessionStore(k.latchkey);
    const off = store.subscribe('acme', () => {});
    await k.answer(new LatchkeyError('login_required', 'no session'));
    expect(store.getSnapshot('acme')).toMatchObject({ status: 'signedOut', error: undefined });
    store.reload('acme');
    await k.answer(new LatchkeyError('network_error', 'offline'));
    expect(store.getSnapshot('acme').status).toBe('error');
    expect((store.getSnapshot('acme').error as LatchkeyError).code).toBe('network_error');
    // The next read that works clears it.
    store.reload('acme');
    await k.answer(token());
    expect(store.getSnapshot('acme')).toMatchObject({ status: 'signedIn', error: undefined });
    // A failed read while the token is still valid keeps it, with the error beside it.
    store.reload('acme');
    await k.answer(new LatchkeyError('timeout', 'slow'));
    expect(store.getSnapshot('acme').status).toBe('signedIn');
    expect((store.getSnapshot('acme').error as LatchkeyError).code).toBe('timeout');
    off();
  });

  it("follows another tab's sign-out at once, and a read in flight cannot bring the session back", async () => {
    const k = scriptedLatchkey();
    const store = createSessionStore(k.latchkey);
    const off = store.subscribe('acme', () => {});
    await k.answer(token());
    k.emit('tokenChanged', 'acme'); // a read starts…
    k.emit('signedOut', 'acme'); // …and the session ends elsewhere before it answers
    expect(store.getSnapshot('acme')).toMatchObject({ status: 'signedOut', token: undefined });
    await k.answer(token());
    expect(store.getSnapshot('acme').status).toBe('signedOut');
    // Another provider's events are not this one's.
    k.emit('signedOut', 'other');
    k.emit('tokenChanged', 'acme');
    const t = token();
    await k.answer(t);
    expect(store.getSnapshot('acme').token).toBe(t);
    off();
  });

  it('signIn: pending while it runs, the error kept until the next one succeeds', async () => {
    const k = scriptedLatchkey();
    const store = createSessionStore(k.latchkey);
    const off = store.subscribe('acme', () => {});
    await k.answer(new LatchkeyError('login_required', 'no session'));
    const cancelled = store.signIn('acme');
    expect(k.signIns).toHaveLength(1); // called synchronously, inside the click
    expect(store.getSnapshot('acme').pending).toBe('signIn');
    k.signIns.shift()!(new LatchkeyError('user_cancelled', 'closed'));
    await expect(cancelled).resolves.toBeUndefined();
    expect(store.getSnapshot('acme')).toMatchObject({ status: 'signedOut', pending: undefined });
    expect((store.getSnapshot('acme').error as LatchkeyError).code).toBe('user_cancelled');
    // A read saying "signed out" keeps the failed sign-in's message.
    store.reload('acme');
    await k.answer(new LatchkeyError('login_required', 'no session'));
    expect((store.getSnapshot('acme').error as LatchkeyError).code).toBe('user_cancelled');
    const done = store.signIn('acme');
    const t = token();
    k.signIns.shift()!(t);
    await expect(done).resolves.toBe(t);
    expect(store.getSnapshot('acme')).toMatchObject({
      status: 'signedIn',
      token: t,
      error: undefined,
      pending: undefined,
    });
    const out = store.signOut('acme');
    expect(store.getSnapshot('acme').pending).toBe('signOut');
    k.signOuts.shift()!(new LatchkeyError('network_error', 'offline'));
    await out;
    expect(store.getSnapshot('acme')).toMatchObject({ status: 'signedIn', pending: undefined });
    void store.signOut('acme');
    k.signOuts.shift()!();
    await flush();
    expect(store.getSnapshot('acme')).toMatchObject({
      status: 'signedOut',
      token: undefined,
      error: undefined,
    });
    off();
  });

  it('a signIn that throws at once is an error in the snapshot too', async () => {
    const k = scriptedLatchkey();
    (k.latchkey as { signIn: unknown }).signIn = () => {
      throw new LatchkeyError('config_invalid', 'unknown provider');
    };
    const store = createSessionStore(k.latchkey);
    await expect(store.signIn('nope')).resolves.toBeUndefined();
    expect((store.getSnapshot('nope').error as LatchkeyError).code).toBe('config_invalid');
  });

  it('keys snapshots by provider and token options (scope order aside)', async () => {
    const k = scriptedLatchkey();
    const store = createSessionStore(k.latchkey);
    const offA = store.subscribe('acme', () => {}, { scopes: ['b', 'a'] });
    const offB = store.subscribe('acme', () => {}, { scopes: ['a', 'b'] });
    expect(k.calls).toHaveLength(1);
    expect(k.calls[0]!.options).toEqual({ scopes: ['b', 'a'] });
    const offC = store.subscribe('acme', () => {});
    expect(k.calls).toHaveLength(2);
    expect(store.getSnapshot('acme', { scopes: ['a', 'b'] })).not.toBe(store.getSnapshot('acme'));
    offA();
    offB();
    offC();
  });

  it('listens to the Latchkey only while something is subscribed', () => {
    const k = scriptedLatchkey();
    const store = createSessionStore(k.latchkey);
    const off1 = store.subscribe('acme', () => {});
    const off2 = store.subscribe('other', () => {});
    expect(k.listenerCount()).toBe(2);
    off1();
    off1(); // twice is once
    expect(k.listenerCount()).toBe(2);
    off2();
    expect(k.listenerCount()).toBe(0);
  });

  describe('refresh ahead of expiry', () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
    afterEach(() => vi.useRealTimers());

    it("asks again when the token is due under core's rule (minValidity, at most half its life)", async () => {
      const k = scriptedLatchkey();
      const store = createSessionStore(k.latchkey);
      const off = store.subscribe('acme', () => {});
      const answer = (r: PageTokenInfo) => {
        k.calls.shift()!.settle(r);
        return vi.advanceTimersByTimeAsync(0);
      };
      await answer(token(40)); // due 20 s on (half of 40 s < 30 s)
      await vi.advanceTimersByTimeAsync(19_000);
      expect(k.calls).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(k.calls).toHaveLength(1);
      await answer(token(600)); // due 30 s before expiry
      await vi.advanceTimersByTimeAsync(569_000);
      expect(k.calls).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(k.calls).toHaveLength(1);
      off();
      // Nobody watching: no more timers.
      await answer(token(40));
      expect(vi.getTimerCount()).toBe(0);
    });

    it('asks halfway to expiry when it was given the same token when due, never in a tight loop', async () => {
      const k = scriptedLatchkey();
      const store = createSessionStore(k.latchkey);
      const off = store.subscribe('acme', () => {});
      const t = token(40);
      k.calls.shift()!.settle(t);
      await vi.advanceTimersByTimeAsync(20_000);
      k.calls.shift()!.settle(t); // not refreshed yet (another clock)
      await vi.advanceTimersByTimeAsync(0);
      await vi.advanceTimersByTimeAsync(9_000);
      expect(k.calls).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(k.calls).toHaveLength(1);
      off();
    });
  });
});
