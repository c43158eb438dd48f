import { LatchkeyError } from '@latchkey/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { senderOrigin } from '../src/background/sender-origin.js';

const tab = (url: string) => ({ url }) as chrome.tabs.Tab;
const code = (sender: chrome.runtime.MessageSender): string => {
  try {
    return senderOrigin(sender);
  } catch (error) {
    return (error as LatchkeyError).code;
  }
};

describe('senderOrigin', () => {
  beforeEach(() => {
    // A fake browser global: only `runtime.id` is read.
    (globalThis as { chrome?: unknown }).chrome = { runtime: { id: 'self' } };
    // A build that lets loopback in (LATCHKEY_LOOPBACK=1), as the e2e build.
    (globalThis as { __LATCHKEY_LOOPBACK__?: boolean }).__LATCHKEY_LOOPBACK__ = true;
  });
  afterEach(() => {
    delete (globalThis as { __LATCHKEY_LOOPBACK__?: boolean }).__LATCHKEY_LOOPBACK__;
  });

  it('refuses loopback pages in a build that does not let them in', () => {
    delete (globalThis as { __LATCHKEY_LOOPBACK__?: boolean }).__LATCHKEY_LOOPBACK__;
    for (const url of [
      'http://127.0.0.1:5000/page',
      'http://localhost:3000/',
      'https://localhost/',
    ]) {
      expect(code({ url, frameId: 0 })).toBe('origin_not_allowed');
    }
    expect(code({ url: 'https://app.example/', frameId: 0 })).toBe('https://app.example');
  });

  it('takes the frame origin from the browser, not the tab URL', () => {
    expect(
      code({
        origin: 'https://app.example',
        url: 'https://app.example/x',
        frameId: 0,
        tab: tab('https://app.example/x'),
      }),
    ).toBe('https://app.example');
    expect(code({ url: 'http://127.0.0.1:5000/page', frameId: 0 })).toBe('http://127.0.0.1:5000');
    // A bridge message: sender.id is the extension's own, the origin still the page's frame.
    expect(
      code({
        id: 'self',
        origin: 'https://app.example',
        frameId: 0,
        tab: tab('https://app.example/'),
      }),
    ).toBe('https://app.example');
  });

  it('refuses other extensions, opaque, insecure and mismatched origins', () => {
    expect(code({ id: 'other', origin: 'https://app.example', frameId: 0 })).toBe(
      'origin_not_allowed',
    );
    expect(code({ origin: 'null', url: 'about:blank', frameId: 0 })).toBe('origin_not_allowed');
    expect(code({ origin: 'http://app.example', frameId: 0 })).toBe('origin_not_allowed');
    expect(code({ origin: 'file://', url: 'file:///tmp/x.html' })).toBe('origin_not_allowed');
  });

  it('refuses a frame of another origin inside the page, accepts a same-origin frame', () => {
    expect(
      code({ origin: 'https://widget.example', frameId: 7, tab: tab('https://app.example/') }),
    ).toBe('origin_not_allowed');
    expect(code({ origin: 'https://widget.example', frameId: 7 })).toBe('origin_not_allowed');
    expect(
      code({ origin: 'https://app.example', frameId: 7, tab: tab('https://app.example/a') }),
    ).toBe('https://app.example');
  });
});
