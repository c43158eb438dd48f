import { LatchkeyError, isLoopbackHost, webOrigin } from '@latchkey/core';

/**
 * Whether this build lets loopback pages in (`LATCHKEY_LOOPBACK`, development builds): the build
 * defines `__LATCHKEY_LOOPBACK__`; where nothing defines it (a unit test), loopback is refused.
 */
export function loopbackAllowed(): boolean {
  return (
    (globalThis as { __LATCHKEY_LOOPBACK__?: unknown }).__LATCHKEY_LOOPBACK__ === true ||
    BUILT_LOOPBACK
  );
}
const BUILT_LOOPBACK = typeof __LATCHKEY_LOOPBACK__ === 'boolean' && __LATCHKEY_LOOPBACK__;

/** `origin_not_allowed` for a loopback origin when this build does not let loopback in. */
export function checkLoopback(origin: string): void {
  if (!loopbackAllowed() && isLoopbackHost(new URL(origin).hostname)) {
    throw new LatchkeyError(
      'origin_not_allowed',
      'Loopback pages may call Latchkey only in a development build (LATCHKEY_LOOPBACK=1)',
    );
  }
}

/**
 * The origin a message really comes from, taken from the browser's `sender` (the frame's origin,
 * `sender.origin`, else the frame's URL) — never from the payload and never from the tab's top-level
 * URL. A frame whose origin differs from its tab's top-level origin is refused: a grant belongs to
 * the site the user sees. Loopback pages only in a build that lets them in ({@link checkLoopback}).
 * @see https://developer.chrome.com/docs/extensions/reference/api/runtime#type-MessageSender
 */
export function senderOrigin(sender: chrome.runtime.MessageSender): string {
  if (sender.id !== undefined && sender.id !== chrome.runtime.id) {
    throw new LatchkeyError('origin_not_allowed', 'Messages from other extensions are refused');
  }
  const origin = webOrigin(sender.origin ?? sender.url);
  if (!origin || (sender.origin !== undefined && sender.origin !== origin)) {
    throw new LatchkeyError(
      'origin_not_allowed',
      'Only https and loopback pages may call Latchkey',
    );
  }
  checkLoopback(origin);
  const top = sender.tab?.url;
  if (sender.frameId !== undefined && sender.frameId !== 0) {
    // Without a readable top-level URL the frame cannot be shown to be the top site's own.
    if (!top || webOrigin(top) !== origin) {
      throw new LatchkeyError(
        'origin_not_allowed',
        `A frame of ${origin} inside another site may not call Latchkey`,
      );
    }
  }
  return origin;
}
