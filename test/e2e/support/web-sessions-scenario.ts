import { expect } from 'vitest';
import type { AccountSummary, Latchkey } from '../../../packages/web/src/index.js';
import type { Evaluate } from './bridge-memo.js';
import { claimsOf } from './resource-scenario.js';

/**
 * `@latchkey/web` in extension mode passing the session options to the broker, one scenario for
 * Chromium (playwright-core) and Firefox (puppeteer-core, the content-script bridge): per-call
 * resources (each its own token, never served from the one in memory), the accounts a site may use,
 * and a sign-out that ends the session at the provider through the broker's login window. The three
 * parts run in order on one page.
 */

/** The scopes the provider is saved with and the site allowed (`api:read`: the resources). */
export const WEB_SESSION_SCOPES = ['openid', 'profile', 'email', 'offline_access', 'api:read'];

export interface WebSessionsDriver {
  /** The dev IdP's issuer: its APIs `<issuer>/api/a` and `/api/b` are the resources. */
  issuer: string;
  /**
   * The harness page: `window.lk` in extension mode with provider `dev`, no session yet; the
   * provider saved in the extension with {@link WEB_SESSION_SCOPES}, the site allowed them.
   */
  page: Evaluate;
  /**
   * Waits for the broker's next login window and signs in at the dev IdP there; with `form`, the
   * window must show the login form first (no provider session answered it).
   */
  loginInNextWindow(options?: { form?: boolean }): Promise<void>;
  /** Waits for the broker's next login window (the end-session page) and confirms the logout. */
  logoutInNextWindow(): Promise<void>;
}

type Win = Window & { lk: Latchkey; events: string[] };

/** Records the `signedOut` events `lk` emits in the page (`window.events`). */
export async function listenForSignOut(page: Evaluate): Promise<void> {
  await page(() => {
    const w = window as unknown as Win;
    w.events = [];
    w.lk.on('signedOut', ({ provider }) => w.events.push(`signedOut:${provider}`));
  }, null);
}

/** signIn and getToken carry resources: a token per resource, never the cached one. */
export async function webResourcesScenario(d: WebSessionsDriver): Promise<void> {
  const a = `${d.issuer}/api/a`;
  const b = `${d.issuer}/api/b`;
  const login = d.loginInNextWindow();
  const session = d.page(
    async ({ scopes, resource }) =>
      (await (window as unknown as Win).lk.signIn('dev', { scopes, resource })).accessToken,
    { scopes: WEB_SESSION_SCOPES, resource: [a, b] },
  );
  await login;
  expect(await session).toBeTruthy();
  const tokens = await d.page(
    async ({ a, b }) => {
      const lk = (window as unknown as Win).lk;
      return {
        plain: await lk.getToken('dev'),
        a: await lk.getToken('dev', { resource: a }),
        b: await lk.getToken('dev', { resource: [b] }),
        plainAgain: await lk.getToken('dev'),
        outside: await lk.getToken('dev', { resource: 'https://elsewhere.example/' }).then(
          () => 'ok',
          (e: { code?: string }) => e.code,
        ),
      };
    },
    { a, b },
  );
  expect(claimsOf(tokens.a).aud).toBe(a);
  expect(claimsOf(tokens.b).aud).toBe(b);
  expect(tokens.plainAgain).toBe(tokens.plain);
  expect(new Set([tokens.plain, tokens.a, tokens.b]).size).toBe(3);
  expect(tokens.outside).toBe('origin_not_allowed');
}

/** accounts() lists the account the site may use (after {@link webResourcesScenario}); userinfo takes it. */
export async function webAccountsScenario(d: WebSessionsDriver): Promise<void> {
  const accounts = await d.page(() => (window as unknown as Win).lk.accounts('dev'), null);
  expect(accounts).toHaveLength(1);
  const [account] = accounts as [AccountSummary];
  expect(account).toMatchObject({ provider: 'dev', current: true });
  expect(account.account).toBeTruthy();
  const claims = await d.page(
    (account) => (window as unknown as Win).lk.userinfo('dev', { account }),
    account.account,
  );
  expect(claims.sub).toBe(account.account);
}

/**
 * signOut({ endSession }) ends the provider session (after {@link listenForSignOut} and a sign-in):
 * `signedOut` is emitted, no account is left, and the next sign-in shows the login form.
 */
export async function webEndSessionScenario(d: WebSessionsDriver): Promise<void> {
  const logout = d.logoutInNextWindow();
  const signedOut = d.page(
    () => (window as unknown as Win).lk.signOut('dev', { endSession: true }),
    null,
  );
  await logout;
  await signedOut;
  expect(await d.page(() => (window as unknown as Win).events, null)).toContain('signedOut:dev');
  expect(await d.page(() => (window as unknown as Win).lk.accounts('dev'), null)).toEqual([]);

  const login = d.loginInNextWindow({ form: true });
  const again = d.page(
    async () => (await (window as unknown as Win).lk.signIn('dev')).accessToken,
    null,
  );
  await login;
  expect(await again).toBeTruthy();
}
