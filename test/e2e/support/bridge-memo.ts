import { expect } from 'vitest';
import type { Latchkey } from '../../../packages/web/src/index.js';

/**
 * The in-page memo of `@latchkey/web` on the content-script bridge, one scenario for Chromium
 * (playwright-core) and Firefox (puppeteer-core): a cached `getToken` sends nothing to the content
 * script, and after a refresh, a revoked grant, a redefined provider or a sign-out made in the
 * extension, the very next `getToken` never answers the old token.
 */

/** Runs `fn(arg)` in one harness page (`page.evaluate`, whichever driver). */
export type Evaluate = <R, A>(fn: (arg: A) => R | Promise<R>, arg: A) => Promise<R>;

export interface BridgeMemoDriver {
  /** The origin of the harness pages (a site reaching the broker through the bridge only). */
  origin: string;
  /** Opens `/harness.html` (`window.Latchkey`) in a new tab. */
  openHarness(): Promise<Evaluate>;
  /** One internal-protocol call from an extension page (the person in the popup or options). */
  internal(method: string, params: unknown): Promise<unknown>;
  /** Runs `lk.signIn('dev')` in `page` and signs in at the dev IdP in the broker's window. */
  signIn(page: Evaluate): Promise<string>;
  /** Provider `dev` as the extension has it saved (options page). */
  providerConfig: Record<string, unknown>;
}

type MemoWin = Window & {
  lk: Latchkey;
  /** Messages the page posted on any MessagePort: each is a request to the content script. */
  posts: number;
  Latchkey: { createLatchkey(o: unknown): Promise<Latchkey> };
};

/** What one `getToken` answered, and how many requests it sent to the content script. */
export type Outcome = { token: string; sent: number } | { code: string; sent: number };

/** Creates `window.lk` in extension mode, counting what the page posts on MessagePorts. */
export async function setUpMemoPage(page: Evaluate, provider: unknown): Promise<void> {
  const mode = await page(async (provider) => {
    const w = window as unknown as MemoWin;
    w.posts = 0;
    const post = MessagePort.prototype.postMessage;
    MessagePort.prototype.postMessage = function (this: MessagePort, ...args: unknown[]) {
      w.posts++;
      return (post as (...a: unknown[]) => void).apply(this, args);
    };
    w.lk = await w.Latchkey.createLatchkey({
      providers: [provider],
      mode: 'extension',
      helloTimeout: 10_000,
    });
    return w.lk.mode;
  }, provider);
  expect(mode).toBe('extension');
}

/** One `lk.getToken('dev')` (with `minValidity` when not null). */
export function getTokenOnce(page: Evaluate, minValidity: number | null = null): Promise<Outcome> {
  return page(async (minValidity) => {
    const w = window as unknown as MemoWin;
    const before = w.posts;
    try {
      const token = await w.lk.getToken('dev', minValidity === null ? {} : { minValidity });
      return { token, sent: w.posts - before };
    } catch (e) {
      return { code: (e as { code?: string }).code ?? String(e), sent: w.posts - before };
    }
  }, minValidity);
}

const tokenOf = (o: Outcome): string => {
  if (!('token' in o)) throw new Error(`no token: ${o.code}`);
  return o.token;
};

/** The scenario; the site must have a grant for provider `dev` and no session yet. */
export async function bridgeMemoScenario(d: BridgeMemoDriver, provider: unknown): Promise<void> {
  const a = await d.openHarness();
  await setUpMemoPage(a, provider);
  const first = await d.signIn(a);
  // From memory: nothing is sent, the same token comes back.
  await getTokenOnce(a);
  expect(await getTokenOnce(a)).toEqual({ token: first, sent: 0 });
  expect(await getTokenOnce(a)).toEqual({ token: first, sent: 0 });

  // The person refreshes in the popup: the next call asks the broker and gets the new token.
  await d.internal('refreshNow', { provider: 'dev' });
  const afterRefresh = await getTokenOnce(a);
  expect(afterRefresh.sent).toBe(1);
  const second = tokenOf(afterRefresh);
  expect(second).not.toBe(first);
  expect(await getTokenOnce(a)).toEqual({ token: second, sent: 0 });

  // A second page of the site: its memo fills from its own request.
  const b = await d.openHarness();
  await setUpMemoPage(b, provider);
  expect(await getTokenOnce(b)).toEqual({ token: second, sent: 1 });
  expect(await getTokenOnce(b)).toEqual({ token: second, sent: 0 });

  // The person revokes the site's grant: no token at all, from memory or otherwise.
  await d.internal('revokeGrant', { origin: d.origin, provider: 'dev' });
  expect(await getTokenOnce(a)).toEqual({ code: 'consent_required', sent: 1 });
  await d.internal('allowSite', { origin: d.origin, provider: 'dev' });
  expect(tokenOf(await getTokenOnce(a))).toBe(second);
  expect(await getTokenOnce(a)).toEqual({ token: second, sent: 0 });

  // The person redefines the provider in the options page (an extra authorization parameter): the
  // sites' grants go with it, and the pages that could use it hear so; the session stays.
  const config = d.providerConfig;
  await d.internal('saveProvider', {
    config: { ...config, extraAuthParams: { latchkey_test: '1' } },
  });
  expect(await getTokenOnce(a)).toEqual({ code: 'consent_required', sent: 1 });
  await d.internal('saveProvider', { config });
  await d.internal('allowSite', { origin: d.origin, provider: 'dev' });
  expect(tokenOf(await getTokenOnce(a))).toBe(second);
  expect(await getTokenOnce(a)).toEqual({ token: second, sent: 0 });

  // The person signs out in the popup.
  await d.internal('signOut', { provider: 'dev' });
  expect(await getTokenOnce(a)).toEqual({ code: 'login_required', sent: 1 });
  expect(await getTokenOnce(b)).toEqual({ code: 'login_required', sent: 1 });
}
