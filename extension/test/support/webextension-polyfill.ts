/**
 * Unit tests only (aliased in the root vite.config.ts): `webextension-polyfill` refuses to load
 * outside an extension, so in Node `browser` reads whatever fake the test put on `globalThis.chrome`
 * (or `globalThis.browser`), at each access. The e2e tests run the real polyfill in real browsers.
 */
const current = (): Record<PropertyKey, unknown> => {
  const g = globalThis as {
    browser?: Record<PropertyKey, unknown>;
    chrome?: Record<PropertyKey, unknown>;
  };
  return g.browser ?? g.chrome ?? {};
};

const browser = new Proxy({} as Record<PropertyKey, unknown>, {
  get: (_target, key) => current()[key],
});

export default browser;
