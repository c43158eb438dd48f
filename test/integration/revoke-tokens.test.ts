import { afterEach, describe, expect, it } from 'vitest';

import { rawRefresh, signIn, startStack, type Stack } from './support.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe('revokeTokens: a session that is no session any more is revoked (RFC 7009)', () => {
  it('revokes the refresh token, then the access token, leaving the stored session alone', async () => {
    stack = await startStack();
    await signIn(stack, 'alice');
    const refused = (await stack.storage.getTokens('dev'))!;
    expect(refused.refreshToken).toBeTruthy();
    // Another session takes the place (the broker puts the earlier one back after a refused change).
    await signIn(stack, 'bob');
    const kept = (await stack.storage.getTokens('dev'))!;
    const before = stack.idp.requests.count('revocation');

    const result = await stack.client.revokeTokens('dev', {
      refreshToken: refused.refreshToken,
      accessToken: refused.accessToken,
    });
    expect(result).toEqual({ revoked: true });
    const hints = stack.idp.requests
      .list('revocation')
      .slice(before)
      .map((r) => r.tokenTypeHint);
    expect(hints).toEqual(['refresh_token', 'access_token']);
    // The revoked refresh token is dead at the server; the stored session is untouched and works.
    expect((await rawRefresh(stack, refused.refreshToken!)).status).toBe(400);
    expect((await stack.storage.getTokens('dev'))!.accessToken).toBe(kept.accessToken);
    expect((await stack.client.refresh('dev')).account?.sub).toBe('bob');
  });

  it('is best effort: an unreachable revocation endpoint answers revoked: false, no throw', async () => {
    stack = await startStack({
      tamper: (ctx) => (ctx.endpoint === 'revocation' ? { status: 503, body: '' } : undefined),
    });
    await signIn(stack);
    const record = (await stack.storage.getTokens('dev'))!;
    await expect(
      stack.client.revokeTokens('dev', { refreshToken: record.refreshToken }),
    ).resolves.toEqual({ revoked: false });
  });
});
