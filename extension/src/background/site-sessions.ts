/**
 * Sites that signed themselves out of a provider's session (a site's `signOut`) while other sites
 * still use it: such a site gets `login_required` until its next `signIn`, and the session stays for
 * the others. Kept in `chrome.storage.local` (it must survive a stopped worker and a restart).
 */
import { browser } from '../platform/index.js';
export interface SiteSessions {
  isSignedOut(origin: string, provider: string): Promise<boolean>;
  signedOut(origin: string, provider: string): Promise<void>;
  signedIn(origin: string, provider: string): Promise<void>;
}

const KEY = 'siteSignedOut';
const entry = (origin: string, provider: string) => `${origin} ${provider}`;

async function read(): Promise<string[]> {
  const { [KEY]: list } = await browser.storage.local.get(KEY);
  return Array.isArray(list) ? (list as string[]) : [];
}

export const storedSiteSessions: SiteSessions = {
  isSignedOut: async (origin, provider) => (await read()).includes(entry(origin, provider)),
  async signedOut(origin, provider) {
    const list = await read();
    const e = entry(origin, provider);
    if (!list.includes(e)) await browser.storage.local.set({ [KEY]: [...list, e] });
  },
  async signedIn(origin, provider) {
    const list = await read();
    const e = entry(origin, provider);
    if (list.includes(e)) await browser.storage.local.set({ [KEY]: list.filter((x) => x !== e) });
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
