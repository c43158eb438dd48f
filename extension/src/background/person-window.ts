import { LatchkeyError } from '@latchkey/core';
import { keepAlive } from './keep-alive.js';
import { settle, waitFor } from './waiters.js';

/** What {@link waitForPerson} opens and how long it waits. */
export interface PersonWindow {
  /** The waiter's key: {@link personAnswered} and {@link personWindowClosed} settle it. */
  key: string;
  url: string;
  width: number;
  height: number;
  timeoutMs: number;
  /** Names the window in errors ("Consent", "Login"). */
  what: string;
  /** Called with the window's id once it is open (to store it with the pending request). */
  opened?(windowId: number): Promise<void>;
  /** Close the window when the wait ends by timeout or failure (a login window; consent closes itself). */
  closeOnFailure?: boolean;
}

/**
 * A window that waits for a person — the consent window and the popup-window login share it. Opens a
 * focused popup window at `url` and waits for {@link personAnswered} on `key`. A closed window
 * ({@link personWindowClosed}) rejects with `user_cancelled`, no answer in `timeoutMs` with
 * `timeout`, a window that could not open with `aborted`. The worker is kept alive meanwhile; when it
 * is stopped anyway, the waiter dies with it and the page's message channel closes (the page gets an
 * error, it does not hang), while what the person did is stored by the listener that sees it.
 */
export async function waitForPerson<T>(w: PersonWindow): Promise<T> {
  const answer = waitFor<T>(w.key, w.timeoutMs, w.what);
  // Awaited below; when the window never opened, it is ended in `catch` with nobody awaiting it.
  answer.catch(() => undefined);
  const stop = keepAlive();
  let windowId: number | undefined;
  try {
    const win = await chrome.windows.create({
      url: w.url,
      type: 'popup',
      width: w.width,
      height: w.height,
      focused: true,
    });
    windowId = win?.id;
    if (windowId !== undefined) await w.opened?.(windowId);
    return await answer;
  } catch (error) {
    // Nothing will settle this wait any more (no window, or it already failed): end it now.
    settle(w.key, { error: new LatchkeyError('aborted', `${w.what} aborted`) });
    if (w.closeOnFailure && windowId !== undefined) {
      await chrome.windows.remove(windowId).catch(() => undefined);
    }
    throw error;
  } finally {
    stop();
  }
}

/** Brings a window that already waits for the person to the front (a later call joined it). */
export function focusPersonWindow(windowId: number | undefined): void {
  if (windowId === undefined) return;
  chrome.windows.update(windowId, { focused: true }).catch(() => undefined);
}

/** The person answered in the window of `key`; false when nobody waits (the worker restarted). */
export function personAnswered(key: string, value: unknown): boolean {
  return settle(key, { value });
}

/** The window of `key` was closed before an answer: its caller gets `user_cancelled`. */
export function personWindowClosed(key: string, what: string): void {
  settle(key, { error: new LatchkeyError('user_cancelled', `The ${what} window was closed`) });
}
