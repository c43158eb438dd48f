import { holdRefresh } from '@latchkey/dev-idp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshLockName } from '../../packages/core/src/lock/with-refresh-lock.js';
import type { Page } from 'playwright-core';
import type { Latchkey } from '../../packages/web/src/index.js';
import { signInByClick, startWebStack } from './support/web-stack.js';
import type { WebStack } from './support/web-stack.js';

type Win = Window & { lk: Latchkey; calls?: Promise<string[]>; releaseLock?: () => void };

const TABS = 5;
const CALLS = 20;

/** How many requests for the Web Lock `name` are queued in the origin of `page`. */
const pendingFor = (page: Page, name: string) =>
  page.evaluate(
    async (name) => (await navigator.locks.query()).pending?.filter((l) => l.name === name).length,
    name,
  );

/**
 * Tokens of 24 s, due for a refresh 12 s after issue (core's margin: at most half the lifetime):
 * shorter than twice the default `minValidity` (30 s), so a tab's memory cache must know a
 * broadcast token's lifetime to take it as fresh, as core would.
 */
const TTL_S = 24;

/** Waits until `token` is due for a refresh. */
const untilDue = (token: { expiresAt?: number }) =>
  new Promise((resolve) =>
    setTimeout(resolve, Math.max(0, token.expiresAt! - (TTL_S / 2) * 1000 - Date.now()) + 500),
  );

describe('@latchkey/web page mode under contention', () => {
  let stack: WebStack;
  beforeAll(async () => {
    stack = await startWebStack({ accessTokenTtl: TTL_S });
  });
  afterAll(() => stack?.close());

  it(`${TABS} tabs × ${CALLS} getToken on an expired token: one refresh, the others get its token by broadcast`, async () => {
    const tabs: Page[] = [];
    for (let i = 0; i < TABS; i++) tabs.push(await stack.openHarness('page'));
    const [first, ...others] = tabs as [Page, ...Page[]];
    await signInByClick(stack, first);
    const old = await first.evaluate(() => (window as unknown as Win).lk.getTokenInfo('dev'));
    for (const tab of others) {
      expect(await tab.evaluate(() => (window as unknown as Win).lk.getToken('dev'))).toBe(
        old.accessToken,
      );
    }
    // A tab that only holds Web Locks: the harness of this origin, without Latchkey calls.
    const blocker = await stack.openHarness('page');
    // The refresh lock of the signed-in account's session (core's name for it).
    const lock = refreshLockName('dev', old.account?.sub);
    const refreshes = stack.idp.requests.count('token', 'refresh_token');

    // The refresh's token request is held at the IdP until `open()`.
    const { reached, open } = holdRefresh(stack.idp);
    try {
      await untilDue(old);
      const start = (page: Page) =>
        page.evaluate((n) => {
          const w = window as unknown as Win;
          w.calls = Promise.all(Array.from({ length: n }, () => w.lk.getToken('dev')));
        }, CALLS);
      // The first tab refreshes (it holds the refresh lock while its request is held).
      await start(first);
      await reached;
      // Then the blocker queues for the same lock, ahead of every other tab: when the refresh
      // ends, the lock goes to the blocker, so the other tabs cannot read storage under it.
      await blocker.evaluate((name) => {
        const w = window as unknown as Win;
        void navigator.locks.request(
          name,
          () => new Promise<void>((resolve) => (w.releaseLock = resolve)),
        );
      }, lock);
      for (const tab of others) await start(tab);
      // Every other tab is queued for the lock behind the blocker (one request per tab).
      await expect.poll(() => pendingFor(blocker, lock)).toBe(TABS);
      open();
      // Every call settles while the blocker holds the lock: the token came by message.
      const results = await Promise.all(
        tabs.map((tab) => tab.evaluate(() => (window as unknown as Win).calls!)),
      );
      expect(
        await blocker.evaluate(
          async (name) => (await navigator.locks.query()).held?.some((l) => l.name === name),
          lock,
        ),
      ).toBe(true);
      const fresh = results[0]![0]!;
      expect(fresh).not.toBe(old.accessToken);
      expect(results.flat()).toEqual(Array(TABS * CALLS).fill(fresh));
      expect(stack.idp.requests.count('token', 'refresh_token')).toBe(refreshes + 1);
      // Answered by the message, the other tabs withdraw their requests for the lock while the
      // blocker still holds it: none of them queues on to read storage for the token it has.
      await expect.poll(() => pendingFor(blocker, lock)).toBe(0);
      expect(
        await blocker.evaluate(
          async (name) => (await navigator.locks.query()).held?.some((l) => l.name === name),
          lock,
        ),
      ).toBe(true);

      // Once the lock is free, every tab answers the fresh token: still one refresh.
      await blocker.evaluate(() => (window as unknown as Win).releaseLock!());
      for (const tab of tabs) {
        expect(await tab.evaluate(() => (window as unknown as Win).lk.getToken('dev'))).toBe(fresh);
      }
      expect(stack.idp.requests.count('token', 'refresh_token')).toBe(refreshes + 1);
    } finally {
      stack.idp.setTamper(undefined);
      open();
      for (const tab of [...tabs, blocker]) await tab.close();
    }
  }, 90_000);

  it("a tab waiting for another tab's refresh still gets a token when that tab closes mid-refresh", async () => {
    // Signed in by the test above (the same browser profile).
    const [holder, waiter] = [await stack.openHarness('page'), await stack.openHarness('page')];
    const old = await waiter.evaluate(() => (window as unknown as Win).lk.getTokenInfo('dev'));
    const lock = refreshLockName('dev', old.account?.sub);
    const refreshes = stack.idp.requests.count('token', 'refresh_token');
    // The first refresh request never reaches the provider (its refresh token stays unused) nor
    // answers: its tab is closed while it waits. Any later one goes through.
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    let first = true;
    stack.idp.setTamper((req) => {
      if (req.endpoint !== 'token' || req.grantType !== 'refresh_token' || !first) return undefined;
      first = false;
      arrived();
      return { hang: true };
    });
    try {
      await untilDue(old);
      const start = (page: Page) =>
        page.evaluate((n) => {
          const w = window as unknown as Win;
          w.calls = Promise.all(Array.from({ length: n }, () => w.lk.getToken('dev')));
        }, CALLS);
      await start(holder);
      await reached;
      await start(waiter);
      // The waiter queues for the lock the holder keeps while its request hangs.
      await expect.poll(() => pendingFor(waiter, lock)).toBe(1);
      await holder.close();
      // No message comes: the waiter takes the lock, reads the session and refreshes it itself.
      const tokens = await waiter.evaluate(() => (window as unknown as Win).calls!);
      expect(tokens[0]).not.toBe(old.accessToken);
      expect(tokens).toEqual(Array(CALLS).fill(tokens[0]));
      expect(stack.idp.requests.count('token', 'refresh_token')).toBe(refreshes + 2);
      const another = await stack.openHarness('page');
      expect(await another.evaluate(() => (window as unknown as Win).lk.getToken('dev'))).toBe(
        tokens[0],
      );
      await another.close();
    } finally {
      stack.idp.setTamper(undefined);
      if (!holder.isClosed()) await holder.close();
      await waiter.close();
    }
  }, 90_000);
});
