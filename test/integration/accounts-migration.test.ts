import { createClient, openIdbStorage } from '@latchkey/core';
import { loginOverHttp } from '@latchkey/dev-idp/testing';
import { afterEach, describe, expect, it } from 'vitest';

import { writeV2Database } from '../../packages/core/test/fixtures/schema-v2.js';
import { rawRefresh, signIn, startStack, type Stack } from './support.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

let n = 0;

describe("a session stored by version 2 (one per provider), opened by today's storage", () => {
  it('is there, current, and refreshes at the dev IdP; a second account signs in beside it', async () => {
    stack = await startStack();
    // A real session of alice, written as version 2 stored it, with a grant beside it.
    await signIn(stack, 'alice');
    const old = (await stack.storage.getTokens('dev'))!;
    const name = `migrated-${process.pid}-${++n}`;
    const grant = {
      origin: 'https://app.example',
      provider: 'dev',
      scopes: ['openid'],
      decision: 'allowed' as const,
      by: 'user' as const,
      at: 1,
    };
    await writeV2Database(name, { tokens: [old], grants: [grant] });

    const storage = openIdbStorage({ name });
    try {
      const client = createClient({ providers: [stack.provider], storage });
      expect(await client.getTokenInfo('dev')).toMatchObject({
        accessToken: old.accessToken,
        account: { sub: 'alice' },
      });
      expect(await client.listAccounts('dev')).toMatchObject([
        { provider: 'dev', account: 'alice', current: true },
      ]);
      // Usable: the migrated refresh token refreshes at the server, by default and by account.
      const refreshed = await client.refresh('dev');
      expect(refreshed.account?.sub).toBe('alice');
      expect(refreshed.accessToken).not.toBe(old.accessToken);
      expect((await client.refresh('dev', { account: 'alice' })).account?.sub).toBe('alice');
      expect(await client.userinfo('dev')).toMatchObject({ sub: 'alice' });
      expect(await storage.getGrant('https://app.example', 'dev')).toEqual(grant);

      // Another account adds a session; the migrated one stays and still works.
      await client.completeAuthorization(
        await loginOverHttp((await client.beginAuthorization('dev')).url, { login: 'bob' }),
      );
      expect((await client.getToken('dev')).account?.sub).toBe('bob');
      expect((await client.refresh('dev', { account: 'alice' })).account?.sub).toBe('alice');
      const alice = (await storage.getTokens('dev', 'alice'))!;
      expect(stack.idp.requests.count('revocation')).toBe(0);
      // Signing alice out revokes what the migration kept.
      await client.signOut('dev', { account: 'alice' });
      expect((await rawRefresh(stack, alice.refreshToken!)).status).toBe(400);
      expect((await client.getToken('dev')).account?.sub).toBe('bob');
    } finally {
      storage.close();
    }
  });
});
