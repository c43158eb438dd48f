/** What one tab tells the others (same origin only: BroadcastChannel never crosses origins). */
export interface TabMessage {
  latchkey: 1;
  type: 'tokenChanged' | 'signedOut';
  provider: string;
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
    typeof d.provider === 'string'
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

  post(type: TabMessage['type'], provider: string): void {
    this.#channel?.postMessage({ latchkey: 1, type, provider } satisfies TabMessage);
  }

  close(): void {
    this.#channel?.close();
  }
}
