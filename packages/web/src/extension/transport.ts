import type { BrokerEvent, BrokerMethod, BrokerParams, BrokerResult } from '@latchkey/core';

/** One way to reach the broker: direct `chrome.runtime` messaging or the content-script bridge. */
export interface Transport {
  request<M extends BrokerMethod>(
    method: M,
    params: BrokerParams<M>,
    timeout: number,
  ): Promise<BrokerResult<M>>;
  /**
   * Whether broker pushes currently arrive, so that a cached token is dropped when it changes.
   * While this is false, nothing may be served from memory.
   */
  live(): boolean;
  close(): void;
}

/** Receives each push; `undefined` means the push channel was lost (drop every cached token). */
export type EventSink = (event: BrokerEvent | undefined) => void;
