/** The part of a HAR entry the inspector reads (chrome.devtools.network.Request has more). */
import { browser } from '../platform/index.js';
export interface HarEntryLike {
  startedDateTime: string;
  /** Total time of the request in ms. */
  time: number;
  request: { method: string; url: string; headers: { name: string; value: string }[] };
  response: { status: number };
}

/** What the panel needs from `chrome.devtools`: the inspected page and its network traffic. */
export interface DevtoolsHost {
  /** The inspected page's origin (`location.origin`, evaluated in the page). */
  inspectedOrigin(): Promise<string>;
  /** Calls `fn` when the inspected page navigates; returns the cleanup. */
  onNavigated(fn: (url: string) => void): () => void;
  /** Calls `fn` for every finished request of the inspected page; returns the cleanup. */
  onRequestFinished(fn: (entry: HarEntryLike) => void): () => void;
}

/** The host of a real DevTools panel. */
export function chromeDevtoolsHost(
  devtools: typeof browser.devtools = browser.devtools,
): DevtoolsHost {
  return {
    inspectedOrigin: async () => {
      // Both browsers answer [result, exceptionInfo]; Firefox leaves exceptionInfo undefined on success.
      const [result, exception] = (await devtools.inspectedWindow.eval('location.origin')) as [
        unknown,
        (
          | { isError?: boolean; isException?: boolean; description?: string; value?: unknown }
          | undefined
        ),
      ];
      if (exception && (exception.isError || exception.isException)) {
        throw new Error(exception.description ?? String(exception.value));
      }
      if (typeof result !== 'string') throw new Error('The inspected page has no origin');
      return result;
    },
    onNavigated(fn) {
      devtools.network.onNavigated.addListener(fn);
      return () => devtools.network.onNavigated.removeListener(fn);
    },
    onRequestFinished(fn) {
      const listener = (request: unknown) => fn(request as HarEntryLike);
      devtools.network.onRequestFinished.addListener(listener);
      return () => devtools.network.onRequestFinished.removeListener(listener);
    },
  };
}
