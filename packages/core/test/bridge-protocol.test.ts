import { describe, expect, it } from 'vitest';
import { LatchkeyError } from '../src/errors.js';
import {
  BRIDGE_CONNECT,
  BROKER_EVENTS,
  PORT_NAMES,
  PROTOCOL_VERSION,
  errorReply,
  okReply,
} from '../src/bridge/protocol.js';

// These names cross between separately shipped parts (an installed extension, a page's
// @latchkey/web, a content script of an older build): a change here is a protocol change.
describe('the page ↔ extension protocol tables', () => {
  it('pins the port names, the push events and the version', () => {
    expect(PROTOCOL_VERSION).toBe(1);
    expect(PORT_NAMES).toEqual({ events: 'latchkey-events', bridge: 'latchkey-bridge' });
    expect(BRIDGE_CONNECT).toBe('latchkey-bridge');
    expect([...BROKER_EVENTS]).toEqual(['tokenChanged', 'signedOut', 'grantRevoked']);
  });

  it('builds replies: an error from a code or from a whole LatchkeyError, nothing lost', () => {
    expect(errorReply('r-1', 'invalid_request', 'bad')).toEqual({
      latchkey: 1,
      id: 'r-1',
      ok: false,
      error: { code: 'invalid_request', message: 'bad' },
    });
    const error = new LatchkeyError('network_error', 'down', { retryable: true });
    expect(errorReply('r-2', error.toJSON())).toEqual({
      latchkey: 1,
      id: 'r-2',
      ok: false,
      error: { code: 'network_error', message: 'down', retryable: true },
    });
    expect(okReply<'signOut'>('r-3', { signedOut: true })).toEqual({
      latchkey: 1,
      id: 'r-3',
      ok: true,
      result: { signedOut: true },
    });
  });
});
