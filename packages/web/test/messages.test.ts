import { LatchkeyError } from '@latchkey/core';
import { describe, expect, it } from 'vitest';
import { callBroker, isBrokerEvent, isBrokerResponse } from '../src/extension/envelope.js';
import { readCallbackMessage } from '../src/page/popup-flow.js';
import { isTabMessage } from '../src/page/tab-channel.js';

const origin = 'http://127.0.0.1:5173';

describe('readCallbackMessage', () => {
  const url = `${origin}/?code=c&state=s1`;
  it('accepts the expected shape with the flow’s state on this origin', () => {
    expect(readCallbackMessage({ latchkey: 1, type: 'callback', url }, origin, 's1')).toBe(url);
  });
  it('ignores another state, another origin, other shapes', () => {
    expect(
      readCallbackMessage({ latchkey: 1, type: 'callback', url }, origin, 's2'),
    ).toBeUndefined();
    expect(
      readCallbackMessage(
        { latchkey: 1, type: 'callback', url: 'http://evil.example/?code=c&state=s1' },
        origin,
        's1',
      ),
    ).toBeUndefined();
    expect(readCallbackMessage({ type: 'callback', url }, origin, 's1')).toBeUndefined();
    expect(readCallbackMessage(url, origin, 's1')).toBeUndefined();
    expect(readCallbackMessage(null, origin, 's1')).toBeUndefined();
    expect(
      readCallbackMessage({ latchkey: 1, type: 'callback', url: 'not a url' }, origin, 's1'),
    ).toBeUndefined();
  });
});

describe('broker envelopes', () => {
  it('sends requests with distinct ids and resolves the matching reply', async () => {
    const sent: { id: string; method: string }[] = [];
    const answer = (request: object, id: string, reply: (d: unknown) => void) => {
      sent.push(request as { id: string; method: string });
      reply({ latchkey: 1, id, ok: true, result: { version: 1, extensionId: 'x' } });
    };
    await expect(callBroker('hello', {}, 1000, answer)).resolves.toEqual({
      version: 1,
      extensionId: 'x',
    });
    await callBroker('providers', {}, 1000, answer);
    expect(sent[0]).toMatchObject({ latchkey: 1, method: 'hello', params: {} });
    expect(sent[0]!.id).not.toBe(sent[1]!.id);
  });
  it('rejects a reply with another id or shape as invalid_response', async () => {
    await expect(
      callBroker('hello', {}, 1000, (_r, _id, reply) =>
        reply({ latchkey: 1, id: 'other', ok: true, result: 1 }),
      ),
    ).rejects.toMatchObject({ code: 'invalid_response' });
    await expect(
      callBroker('hello', {}, 1000, (_r, _id, reply) => reply('nope')),
    ).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });
  it('rebuilds errors as LatchkeyError with the broker’s code', async () => {
    const error = await callBroker('getToken', { provider: 'p' }, 1000, (_r, id, reply) =>
      reply({ latchkey: 1, id, ok: false, error: { code: 'consent_denied', message: 'no' } }),
    ).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LatchkeyError);
    expect((error as LatchkeyError).code).toBe('consent_denied');
  });
  it('times out when nothing answers, and says so', async () => {
    let forgotten = '';
    await expect(
      callBroker(
        'hello',
        {},
        20,
        () => {},
        (id) => (forgotten = id),
      ),
    ).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(forgotten).not.toBe('');
  });
  it('validates replies and pushes', () => {
    expect(isBrokerResponse({ latchkey: 1, id: 'x', ok: true, result: 1 })).toBe(true);
    expect(
      isBrokerResponse({
        latchkey: 1,
        id: 'x',
        ok: false,
        error: { code: 'timeout', message: 'm' },
      }),
    ).toBe(true);
    expect(isBrokerResponse({ latchkey: 1, id: 'x', ok: true })).toBe(false);
    expect(isBrokerResponse({ latchkey: 2, id: 'x', ok: true, result: 1 })).toBe(false);
    expect(isBrokerResponse({ latchkey: 1, id: 'x', method: 'hello', params: {} })).toBe(false);
    expect(isBrokerEvent({ latchkey: 1, event: 'signedOut', provider: 'p' })).toBe(true);
    expect(isBrokerEvent({ latchkey: 1, event: 'other', provider: 'p' })).toBe(false);
    expect(isBrokerEvent({ latchkey: 1, event: 'xsignedOut', provider: 'p' })).toBe(false);
  });
});

describe('isTabMessage', () => {
  it('accepts only the tab protocol', () => {
    expect(isTabMessage({ latchkey: 1, type: 'signedOut', provider: 'p' })).toBe(true);
    expect(isTabMessage({ latchkey: 1, type: 'callback', provider: 'p' })).toBe(false);
    expect(isTabMessage({ latchkey: 1, type: 'signedOut' })).toBe(false);
    expect(isTabMessage(null)).toBe(false);
  });

  it('accepts a tokenChanged token only when it is a token of that provider', () => {
    const token = { provider: 'p', accessToken: 'at', tokenType: 'Bearer', scopes: ['a'] };
    const msg = (t: unknown, type = 'tokenChanged', provider = 'p') =>
      isTabMessage({ latchkey: 1, type, provider, token: t });
    expect(msg(token)).toBe(true);
    expect(msg({ ...token, expiresAt: Date.now() + 60_000 })).toBe(true);
    expect(msg(token, 'signedOut')).toBe(false);
    expect(msg(token, 'tokenChanged', 'q')).toBe(false);
    expect(msg({ ...token, accessToken: '' })).toBe(false);
    expect(msg({ ...token, accessToken: 1 })).toBe(false);
    expect(msg({ ...token, scopes: [1] })).toBe(false);
    expect(msg({ ...token, scopes: 'a' })).toBe(false);
    expect(msg({ ...token, expiresAt: 'soon' })).toBe(false);
    expect(msg({ ...token, expiresAt: Infinity })).toBe(false);
    expect(msg(null)).toBe(false);
  });

  it('accepts a lifetime only as a positive number of milliseconds beside a token', () => {
    const token = { provider: 'p', accessToken: 'at', tokenType: 'Bearer', scopes: ['a'] };
    const msg = (lifetime: unknown) =>
      isTabMessage({ latchkey: 1, type: 'tokenChanged', provider: 'p', token, lifetime });
    expect(msg(10_000)).toBe(true);
    expect(msg(undefined)).toBe(true);
    // A negative or endless lifetime would widen the cache's margin past the token's expiry.
    for (const bad of [0, -1, -Infinity, Infinity, NaN, '10000', null])
      expect(msg(bad), String(bad)).toBe(false);
    // Only beside the token whose lifetime it is.
    expect(isTabMessage({ latchkey: 1, type: 'tokenChanged', provider: 'p', lifetime: 1 })).toBe(
      false,
    );
  });
});
