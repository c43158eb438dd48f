import type { ProviderConfig } from '@latchkey/core';
import { describe, expect, it } from 'vitest';
import { pageHandlers } from '../src/background/page-api.js';
import type { ProviderSource } from '../src/common/internal-protocol.js';
import { devConfig, session, testContext, userGrant } from './support/test-context.js';

// The page protocol's access control, through the handlers with a test context (no module mocks).
const APP = 'https://app.example';
const OTHER = 'https://other.example';

function setup(config: ProviderConfig = devConfig(), source: ProviderSource = 'options') {
  const t = testContext([{ config, source }]);
  const call = (origin = APP) => ({ origin, ctx: t.ctx });
  return { ...t, call };
}

describe('broker access: who is pre-granted', () => {
  for (const source of ['options'] as const) {
    it(`allowedOrigins of an ${source} provider (options page, imported file) grant nothing`, async () => {
      const { call, state } = setup(devConfig({ allowedOrigins: [APP] }), source);
      state.session = session();
      await expect(pageHandlers.getToken({ provider: 'dev' }, call())).rejects.toMatchObject({
        code: 'consent_required',
      });
      // signIn asks the person for this origin.
      await pageHandlers.signIn({ provider: 'dev' }, call());
      expect(state.questions).toMatchObject([{ kind: 'access', origin: APP }]);
    });
  }

  for (const source of ['preset', 'policy'] as const) {
    it(`allowedOrigins of a ${source} provider pre-grant, without asking`, async () => {
      const { call, state } = setup(devConfig({ allowedOrigins: [APP] }), source);
      state.session = session();
      await expect(pageHandlers.getToken({ provider: 'dev' }, call())).resolves.toMatchObject({
        accessToken: 'at',
      });
      await pageHandlers.signIn({ provider: 'dev' }, call());
      expect(state.questions).toEqual([]);
    });
  }
});

describe('broker access: a denied origin looks like one never asked', () => {
  it('answers the same error, code and message, for every method', async () => {
    const { call, state, storage } = setup();
    state.session = session();
    await storage.putGrant(userGrant(APP, 'dev', ['openid'], 'denied'));
    for (const method of ['getToken', 'userinfo', 'signOut', 'fetch'] as const) {
      const params = { provider: 'dev', url: 'https://api.example/x' };
      const handler = pageHandlers[method] as (p: unknown, c: unknown) => Promise<unknown>;
      const denied = await handler(params, call()).catch((e: unknown) => e);
      const never = await handler(params, call(OTHER)).catch((e: unknown) => e);
      const shape = (e: unknown, origin: string) => {
        const { code, message } = e as { code: string; message: string };
        return { code, message: message.replace(origin, '<origin>') };
      };
      expect(shape(denied, APP)).toEqual(shape(never, OTHER));
      expect(shape(denied, APP).code).toBe('consent_required');
    }
  });
});

describe('broker access: scopes a page may ask for', () => {
  it('refuses scopes: [] and scopes the provider is not configured with, before any window', async () => {
    const { call, state, storage } = setup();
    state.session = session();
    await storage.putGrant(userGrant(APP, 'dev', ['openid']));
    for (const method of ['getToken', 'signIn'] as const) {
      for (const scopes of [[], ['admin']]) {
        const handler = pageHandlers[method] as (p: unknown, c: unknown) => Promise<unknown>;
        await expect(handler({ provider: 'dev', scopes }, call())).rejects.toMatchObject({
          code: 'invalid_scope',
        });
      }
    }
    expect(state.questions).toEqual([]);
    expect(state.flows).toEqual([]);
  });
});

describe('broker access: a site sees only the claims its scopes cover', () => {
  const cases: [string[], Record<string, string>][] = [
    [['openid'], { sub: 'alice' }],
    [['openid', 'profile'], { sub: 'alice', name: 'Alice', preferredUsername: 'al' }],
    [['openid', 'email'], { sub: 'alice', email: 'alice@example.com' }],
  ];
  for (const [scopes, account] of cases) {
    it(`${scopes.join(' ')} → ${Object.keys(account).join(', ')}`, async () => {
      const { call, state, storage } = setup();
      state.session = session({ scopes });
      state.userinfo = {
        sub: 'alice',
        name: 'Alice',
        preferred_username: 'al',
        email: 'alice@example.com',
        email_verified: true,
        address: { country: 'X' },
      };
      await storage.putGrant(userGrant(APP, 'dev', scopes));
      const token = await pageHandlers.getToken({ provider: 'dev' }, call());
      expect(token.account).toEqual(account);
      const [summary] = await pageHandlers.providers({}, call());
      expect(summary!.account).toEqual(account);
      const claims = await pageHandlers.userinfo({ provider: 'dev' }, call());
      expect(Object.keys(claims).sort()).toEqual(
        Object.keys(account)
          .map((k) => (k === 'preferredUsername' ? 'preferred_username' : k))
          .concat(scopes.includes('email') ? ['email_verified'] : [])
          .sort(),
      );
    });
  }
});

describe('broker access: one site does not narrow or end the session of the others', () => {
  it("signIn asks for the union of the session's and the site's scopes", async () => {
    const { call, state, storage } = setup();
    state.session = session({ scopes: ['openid', 'api:read'] });
    await storage.putGrant(userGrant(APP, 'dev', ['openid', 'profile']));
    await pageHandlers.signIn({ provider: 'dev', scopes: ['openid', 'profile'] }, call());
    expect([...state.flows[0]!.scopes!].sort()).toEqual(['api:read', 'openid', 'profile']);
  });

  it("a site's signOut ends its own access; the session ends with the last site", async () => {
    const { call, state, storage } = setup();
    state.session = session();
    await storage.putGrant(userGrant(APP, 'dev', ['openid']));
    await storage.putGrant(userGrant(OTHER, 'dev', ['openid']));
    await pageHandlers.signOut({ provider: 'dev' }, call(APP));
    expect(state.signOuts).toEqual([]);
    expect(state.siteEvents).toEqual([`${APP} signedOut dev`]);
    await expect(pageHandlers.getToken({ provider: 'dev' }, call(APP))).rejects.toMatchObject({
      code: 'login_required',
    });
    await expect(pageHandlers.getToken({ provider: 'dev' }, call(OTHER))).resolves.toMatchObject({
      accessToken: expect.any(String),
    });
    const [summary] = await pageHandlers.providers({}, call(APP));
    expect(summary).toMatchObject({ granted: true, signedIn: false });
    // Signing in again gives it the session back.
    await pageHandlers.signIn({ provider: 'dev' }, call(APP));
    await expect(pageHandlers.getToken({ provider: 'dev' }, call(APP))).resolves.toBeTruthy();
    // The last site using the session: the session ends (core revokes it).
    await pageHandlers.signOut({ provider: 'dev' }, call(OTHER));
    await pageHandlers.signOut({ provider: 'dev' }, call(APP));
    expect(state.signOuts).toEqual(['dev']);
  });
});

describe('broker access: a site signing in as another account asks the person first', () => {
  const bob = session({
    accessToken: 'at-bob',
    account: { sub: 'bob', name: 'Bob', email: 'bob@example.com' },
  });

  for (const allow of [false, true]) {
    it(`${allow ? 'Allow' : 'Deny'}: the grant ${allow ? 'moves to' : 'keeps'} its account`, async () => {
      const { call, state, storage } = setup();
      state.session = session();
      // The site's grant names the account its first sign-in chose.
      await storage.putGrant({ ...userGrant(APP, 'dev', ['openid']), account: 'alice' });
      state.flowSession = bob;
      const ask = call().ctx.askConsent;
      call().ctx.askConsent = async (q) => {
        if (q.kind === 'account') return (state.questions.push(q), allow);
        return ask(q);
      };
      const reply = pageHandlers.signIn({ provider: 'dev', scopes: ['openid'] }, call());
      if (allow) await expect(reply).resolves.toMatchObject({ account: { sub: 'bob' } });
      else await expect(reply).rejects.toMatchObject({ code: 'consent_denied' });
      expect(state.questions).toMatchObject([
        {
          kind: 'account',
          origin: APP,
          accountChange: { from: { sub: 'alice' }, to: { sub: 'bob' } },
        },
      ]);
      expect((await storage.getGrant(APP, 'dev'))?.account).toBe(allow ? 'bob' : 'alice');
      // A refused new account's session is signed out (revoked, forgotten); an allowed one stays.
      expect(state.signOuts).toEqual(allow ? [] : ['dev']);
    });
  }

  it("a site's first sign-in names its account in the grant, without asking", async () => {
    const { call, state, storage } = setup();
    await storage.putGrant(userGrant(APP, 'dev', ['openid']));
    state.flowSession = bob;
    await pageHandlers.signIn({ provider: 'dev', scopes: ['openid'] }, call());
    expect(state.questions).toEqual([]);
    expect((await storage.getGrant(APP, 'dev'))?.account).toBe('bob');
    // Another account named by the site: no_session, as for an account without a session.
    await expect(
      pageHandlers.getToken({ provider: 'dev', account: 'alice' }, call()),
    ).rejects.toMatchObject({ code: 'no_session' });
    await expect(
      pageHandlers.getToken({ provider: 'dev', account: 'bob' }, call()),
    ).resolves.toMatchObject({ account: { sub: 'bob' } });
  });

  it('the same account signing in again asks nothing', async () => {
    const { call, state, storage } = setup();
    state.session = session();
    await storage.putGrant(userGrant(APP, 'dev', ['openid']));
    state.flowSession = session({ accessToken: 'at-2' });
    await pageHandlers.signIn({ provider: 'dev', scopes: ['openid'] }, call());
    expect(state.questions).toEqual([]);
  });
});
