import { describe, expect, it } from 'vitest';
import { BRIDGE_SCRIPT, GECKO_ID, firefoxManifest, firefoxOutDir } from '../build/firefox.js';
import { latchkeyManifest } from '../manifest.config.js';

const preset = {
  id: 'dev',
  issuer: 'https://idp.example',
  clientId: 'c',
  allowedOrigins: ['https://app.example'],
};

/** The Chromium manifest as crxjs writes it (the worker renamed to its loader). */
async function chromiumManifest(loopback: boolean) {
  const m = latchkeyManifest([preset], '1.2.3', { loopback }) as unknown;
  const value = (typeof m === 'function' ? await (m as (e: unknown) => unknown)({}) : m) as Record<
    string,
    unknown
  >;
  return { ...value, background: { service_worker: 'service-worker-loader.js', type: 'module' } };
}

describe('build: the Firefox manifest comes from the Chromium one', () => {
  it('event page, gecko id and minimum version; no Chromium-only keys', async () => {
    const m = firefoxManifest(await chromiumManifest(false));
    expect(m.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
    expect(m.browser_specific_settings).toEqual({
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    });
    for (const key of ['key', 'minimum_chrome_version', 'externally_connectable', 'storage'])
      expect(m).not.toHaveProperty(key);
    expect(m.version).toBe('1.2.3');
  });

  it('every connectable site gets the bridge instead, with its host permission', async () => {
    const release = firefoxManifest(await chromiumManifest(false));
    expect(release.host_permissions).toEqual(['https://app.example/*']);
    expect(release.content_scripts).toEqual([
      {
        matches: ['https://app.example/*'],
        js: [BRIDGE_SCRIPT],
        all_frames: true,
        run_at: 'document_start',
      },
    ]);
    const dev = firefoxManifest(await chromiumManifest(true));
    expect(dev.host_permissions).toEqual(
      expect.arrayContaining(['http://127.0.0.1/*', 'http://localhost/*', 'https://app.example/*']),
    );
    expect((dev.content_scripts as { matches: string[] }[])[0]?.matches).toEqual(
      expect.arrayContaining(['http://127.0.0.1/*', 'https://app.example/*']),
    );
  });

  it('no connectable site: no content script declared', () => {
    const m = firefoxManifest({ background: { service_worker: 'sw.js' } });
    expect(m.content_scripts).toBeUndefined();
    expect(m.host_permissions).toBeUndefined();
  });

  it('the Firefox output sits beside the Chromium one: dist → dist-firefox', () => {
    expect(firefoxOutDir('dist')).toBe('dist-firefox');
    expect(firefoxOutDir('/tmp/x/')).toBe('/tmp/x-firefox');
  });
});
