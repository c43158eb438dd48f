import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface LintMessage {
  code: string;
  message: string;
  file?: string;
}
interface LintReport {
  errors: LintMessage[];
  notices: LintMessage[];
  warnings: LintMessage[];
}

/** `web-ext lint --self-hosted` (Mozilla's add-on linter, offline: no AMO-only rules) as JSON. */
function lint(dir: string): LintReport {
  const res = spawnSync(
    join(root, 'node_modules/.bin/web-ext'),
    ['lint', '--self-hosted', '--output', 'json', '--source-dir', dir],
    { encoding: 'utf8', timeout: 110_000 },
  );
  const json = res.stdout.slice(res.stdout.indexOf('{'));
  return JSON.parse(json) as LintReport;
}

/**
 * The one warning allowed: Preact's renderer assigns `innerHTML` for `dangerouslySetInnerHTML`,
 * which no Latchkey component uses. Any other warning, notice or error fails.
 */
const isPreactInnerHtml = (dir: string, w: LintMessage): boolean =>
  w.code === 'UNSAFE_VAR_ASSIGNMENT' &&
  w.file !== undefined &&
  readFileSync(join(dir, w.file), 'utf8').includes('dangerouslySetInnerHTML');

describe('Firefox build: web-ext lint', () => {
  it('is clean (no errors, no notices, no warnings beyond Preact’s innerHTML)', () => {
    const dir = inject('firefoxExtensionDir');
    const report = lint(dir);
    expect(report.errors).toEqual([]);
    expect(report.notices).toEqual([]);
    expect(report.warnings.filter((w) => !isPreactInnerHtml(dir, w))).toEqual([]);
  });

  it('the Firefox manifest: event page, gecko id, no externally_connectable, bridge for pre-granted sites', () => {
    const dir = inject('firefoxExtensionDir');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.key).toBeUndefined();
    expect(manifest.browser_specific_settings).toMatchObject({
      gecko: { id: expect.any(String), strict_min_version: '140.0' },
    });
    expect(manifest.content_scripts).toEqual([
      expect.objectContaining({
        matches: ['http://127.0.0.1/*'],
        js: ['src/content/bridge.iife.js'],
      }),
    ]);
  });
});
