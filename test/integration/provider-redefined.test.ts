import { createClient, type LatchkeyEvent } from '@latchkey/core';
import { startDevIdp, type DevIdp } from '@latchkey/dev-idp';
import { afterEach, describe, expect, it } from 'vitest';

import { signIn, startStack, type Stack } from './support.js';

// Tokens are stored per provider id. When the same id comes back with another issuer, token
// endpoint or client id (an app's config changed between visits, an imported providers file), the
// stored refresh token must not be sent to the new server: the session is dropped instead.
describe('a provider id redefined to another server', () => {
  let stack: Stack;
  let other: DevIdp | undefined;
  afterEach(async () => {
    await other?.close();
    other = undefined;
    await stack?.close();
  });

  it('drops the stored session instead of refreshing or revoking it at the new server', async () => {
    stack = await startStack({ accessTokenTtl: 1 });
    await signIn(stack);
    other = await startDevIdp();
    const events: LatchkeyEvent[] = [];
    const redefined = createClient({
      providers: [{ ...stack.provider, issuer: other.issuer, redirectUri: other.redirectUris[0]! }],
      storage: stack.storage,
      onEvent: (e) => events.push(e),
    });
    await new Promise((r) => setTimeout(r, 1_100)); // the access token has expired: a refresh is due

    await expect(redefined.getAccessToken('dev')).rejects.toMatchObject({ code: 'login_required' });
    await redefined.signOut('dev');
    expect(other.requests.count('token')).toBe(0);
    expect(other.requests.count('revocation')).toBe(0);
    expect(stack.idp.requests.count('token', 'refresh_token')).toBe(0);
    expect(await stack.storage.getTokens('dev')).toBeUndefined();
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'signed_out',
        detail: { revoked: false, reason: 'provider_changed' },
      }),
    );
  });

  it('a changed client id drops the session too; an unchanged config keeps it', async () => {
    stack = await startStack();
    const info = await signIn(stack);
    const same = createClient({ providers: [{ ...stack.provider }], storage: stack.storage });
    expect(await same.getAccessToken('dev')).toBe(info.accessToken);
    const renamed = createClient({
      providers: [{ ...stack.provider, clientId: 'another-client' }],
      storage: stack.storage,
    });
    expect(await renamed.getTokenInfo('dev')).toBeUndefined();
    await expect(same.getAccessToken('dev')).rejects.toMatchObject({ code: 'login_required' });
  });

  it('a changed revocation endpoint alone drops the session: sign-out sends nothing there', async () => {
    stack = await startStack();
    await signIn(stack);
    other = await startDevIdp();
    const moved = createClient({
      providers: [{ ...stack.provider, revocationEndpoint: `${other.issuer}/token/revocation` }],
      storage: stack.storage,
    });
    await moved.signOut('dev');
    expect(other.requests.count('revocation')).toBe(0);
    expect(await stack.storage.getTokens('dev')).toBeUndefined();
  });

  it('turning DPoP on does not keep a bearer session', async () => {
    stack = await startStack();
    await signIn(stack);
    const bound = createClient({
      providers: [{ ...stack.provider, dpop: true }],
      storage: stack.storage,
    });
    await expect(bound.getAccessToken('dev')).rejects.toMatchObject({ code: 'login_required' });
  });

  it('a session stored before tokens carried their authority is adopted, not dropped', async () => {
    stack = await startStack();
    const info = await signIn(stack);
    const { authority: _, ...old } = (await stack.storage.getTokens('dev'))!;
    await stack.storage.putTokens(old);
    expect(await stack.client.getAccessToken('dev')).toBe(info.accessToken);
    expect((await stack.storage.getTokens('dev'))?.authority).toBeDefined();
  });
});
