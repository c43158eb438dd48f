import type { PageTokenInfo } from '@latchkey/core';

/**
 * What one tab tells the others (same origin only: BroadcastChannel never crosses origins).
 * A `tokenChanged` after a refresh carries the new token, so that tabs waiting for the same refresh
 * take it from the message instead of queueing for the refresh lock to re-read IndexedDB; the token
 * never leaves the origin whose IndexedDB holds it anyway.
 */
export interface TabMessage {
  latchkey: 1;
  type: 'tokenChanged' | 'signedOut';
  provider: string;
  /** The session's account (`sub`) when the change concerns one account's session. */
  account?: string;
  token?: PageTokenInfo;
  /** The token's lifetime when issued, milliseconds, if known (the cache's margin: `TokenCache`). */
  lifetime?: number;
}

export const CHANNEL_NAME = 'latchkey';

/** Whether `data` is a {@link TabMessage} (another tab may run another version: checked anyway). */
export function isTabMessage(data: unknown): data is TabMessage {
  const d = data as Partial<TabMessage> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    d.latchkey === 1 &&
    (d.type === 'tokenChanged' || d.type === 'signedOut') &&
    typeof d.provider === 'string' &&
    (d.account === undefined || typeof d.account === 'string') &&
    (d.token === undefined || (d.type === 'tokenChanged' && isTokenOf(d.token, d.provider))) &&
    (d.lifetime === undefined ||
      (d.token !== undefined &&
        typeof d.lifetime === 'number' &&
        Number.isFinite(d.lifetime) &&
        d.lifetime > 0))
  );
}

/** Whether `t` has the shape of `provider`'s {@link PageTokenInfo}, as far as the cache reads it. */
function isTokenOf(t: Partial<PageTokenInfo>, provider: string): boolean {
  return (
    typeof t === 'object' &&
    t !== null &&
    t.provider === provider &&
    typeof t.accessToken === 'string' &&
    t.accessToken !== '' &&
    typeof t.tokenType === 'string' &&
    Array.isArray(t.scopes) &&
    t.scopes.every((s) => typeof s === 'string') &&
    (t.expiresAt === undefined || Number.isFinite(t.expiresAt))
  );
}

/** Token changes and sign-outs, broadcast to every tab of this origin. */
export class TabChannel {
  readonly #channel: BroadcastChannel | undefined;

  constructor(onMessage: (message: TabMessage) => void) {
    if (typeof BroadcastChannel !== 'function') return;
    this.#channel = new BroadcastChannel(CHANNEL_NAME);
    this.#channel.onmessage = (event: MessageEvent) => {
      if (isTabMessage(event.data)) onMessage(event.data);
    };
  }

  post(
    type: TabMessage['type'],
    provider: string,
    token?: PageTokenInfo,
    account?: string,
    lifetime?: number,
  ): void {
    this.#channel?.postMessage({
      latchkey: 1,
      type,
      provider,
      ...(account !== undefined && { account }),
      ...(token && { token }),
      ...(token && lifetime !== undefined && { lifetime }),
    } satisfies TabMessage);
  }

  close(): void {
    this.#channel?.close();
  }
}
