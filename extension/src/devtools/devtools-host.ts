/** The part of a HAR entry the inspector reads (chrome.devtools.network.Request has more). */
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
  devtools: typeof chrome.devtools = chrome.devtools,
): DevtoolsHost {
  return {
    inspectedOrigin: () =>
      new Promise((resolve, reject) => {
        devtools.inspectedWindow.eval('location.origin', (result: unknown, exception) => {
          if (exception !== undefined && (exception.isError || exception.isException)) {
            reject(new Error(exception.description ?? String(exception.value)));
          } else if (typeof result !== 'string') {
            reject(new Error('The inspected page has no origin'));
          } else {
            resolve(result);
          }
        });
      }),
    onNavigated(fn) {
      devtools.network.onNavigated.addListener(fn);
      return () => devtools.network.onNavigated.removeListener(fn);
    },
    onRequestFinished(fn) {
      const listener = (request: chrome.devtools.network.Request) => fn(request);
      devtools.network.onRequestFinished.addListener(listener);
      return () => devtools.network.onRequestFinished.removeListener(listener);
    },
  };
}
