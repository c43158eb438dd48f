/**
 * Sites that signed themselves out of a provider's session (a site's `signOut`) while other sites
 * still use it: such a site gets `login_required` until its next `signIn`, and the session stays for
 * the others. Kept in `chrome.storage.local` (it must survive a stopped worker and a restart).
 */
export interface SiteSessions {
  isSignedOut(origin: string, provider: string): Promise<boolean>;
  signedOut(origin: string, provider: string): Promise<void>;
  signedIn(origin: string, provider: string): Promise<void>;
}

const KEY = 'siteSignedOut';
const entry = (origin: string, provider: string) => `${origin} ${provider}`;

/**
 * The list as last read or written: a cache for the `getToken` path (this worker is the only writer;
 * it dies with the worker, and storage stays the truth).
 */
let cached: Promise<string[]> | undefined;

function read(): Promise<string[]> {
  cached ??= chrome.storage.local.get(KEY).then(
    ({ [KEY]: list }) => (Array.isArray(list) ? (list as string[]) : []),
    (error: unknown) => {
      cached = undefined;
      throw error;
    },
  );
  return cached;
}

async function write(list: string[]): Promise<void> {
  cached = Promise.resolve(list);
  await chrome.storage.local.set({ [KEY]: list });
}

export const storedSiteSessions: SiteSessions = {
  isSignedOut: async (origin, provider) => (await read()).includes(entry(origin, provider)),
  async signedOut(origin, provider) {
    const list = await read();
    const e = entry(origin, provider);
    if (!list.includes(e)) await write([...list, e]);
  },
  async signedIn(origin, provider) {
    const list = await read();
    const e = entry(origin, provider);
    if (list.includes(e)) await write(list.filter((x) => x !== e));
  },
};

/** In memory, for tests. */
export function memorySiteSessions(): SiteSessions {
  const out = new Set<string>();
  return {
    isSignedOut: async (o, p) => out.has(entry(o, p)),
    signedOut: async (o, p) => void out.add(entry(o, p)),
    signedIn: async (o, p) => void out.delete(entry(o, p)),
  };
}
