import { describe, expect, it } from 'vitest';
import { createApp, effectScope, nextTick, ref } from 'vue';
import { LatchkeyError } from '@latchkey/core';
import { createLatchkeyPlugin, useAccessToken, useSession } from '../src/bindings/vue.js';
import { scriptedLatchkey, token } from './support/scripted-latchkey.js';

/** The Vue composables in Node: refs that follow the store, a provider given as a ref. */
describe('@latchkey/web/vue', () => {
  it('follows the session as refs, switches with a provider ref, and stops with its scope', async () => {
    const k = scriptedLatchkey();
    const app = createApp({}).use(createLatchkeyPlugin(k.latchkey));
    const provider = ref('acme');
    const scope = effectScope();
    const { session, access } = scope.run(() =>
      app.runWithContext(() => ({
        session: useSession(provider),
        access: useAccessToken(provider, { scopes: ['openid'] }),
      })),
    )!;
    expect(session.status.value).toBe('loading');
    expect(k.calls.map((c) => c.provider)).toEqual(['acme', 'acme']);
    const t = token();
    await k.answer(t);
    await k.answer(t);
    expect(session.status.value).toBe('signedIn');
    expect(session.token.value).toBe(t);
    expect(access.token.value).toBe(t.accessToken);

    provider.value = 'other';
    await nextTick();
    expect(session.status.value).toBe('loading');
    expect(k.calls.map((c) => c.provider)).toEqual(['other', 'other']);
    await k.answer(new LatchkeyError('login_required', 'no session'));
    expect(session.status.value).toBe('signedOut');

    // Actions go to the provider of the moment.
    const started = session.signIn();
    expect(session.pending.value).toBe('signIn');
    k.signIns.shift()!(new LatchkeyError('user_cancelled', 'closed'));
    await started;
    expect((session.error.value as LatchkeyError).code).toBe('user_cancelled');

    scope.stop();
    expect(k.listenerCount()).toBe(0);
  });

  it('says what is missing without the plugin', () => {
    const scope = effectScope();
    expect(() => scope.run(() => useSession('acme'))).toThrow(/createLatchkeyPlugin/);
    scope.stop();
  });
});
