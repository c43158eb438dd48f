import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ICON_SIZES, encodePng, iconPath, renderIcon } from '../build/icons.js';
import { latchkeyManifest } from '../manifest.config.js';

const publicDir = new URL('../public/', import.meta.url);

/** Width, height, colour type and the RGBA pixels of a PNG written with filter 0 on every row. */
function decodePng(png: Buffer): { width: number; height: number; type: number; rgba: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  let type = -1;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const kind = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (kind === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      type = data[9]!;
    }
    if (kind === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const rows = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    const start = y * (width * 4 + 1);
    expect(rows[start]).toBe(0);
    rows.copy(rgba, y * width * 4, start + 1, start + 1 + width * 4);
  }
  return { width, height, type, rgba };
}

describe('build: extension icons', () => {
  it.each(ICON_SIZES)('public/icons/icon-%i.png is what build/icons.ts draws', (size) => {
    const file = readFileSync(new URL(iconPath(size), publicDir));
    const png = decodePng(file);
    expect([png.width, png.height, png.type]).toEqual([size, size, 6]);
    expect(png.rgba.equals(renderIcon(size))).toBe(true);
    // Opaque in the middle (the square), transparent in the corner (its rounding).
    const alphaAt = (x: number, y: number) => png.rgba[(y * size + x) * 4 + 3];
    expect(alphaAt(size >> 1, size >> 1)).toBe(255);
    expect(alphaAt(0, 0)).toBe(0);
  });

  it('encodes what it renders', () => {
    const rgba = renderIcon(16);
    expect(decodePng(encodePng(16, rgba)).rgba.equals(rgba)).toBe(true);
  });

  it('names every size in the manifest: icons and the toolbar action', () => {
    const manifest = latchkeyManifest([], '0.1.0', { loopback: false }) as unknown as {
      icons: Record<string, string>;
      action: { default_icon: Record<string, string> };
    };
    const expected = Object.fromEntries(ICON_SIZES.map((s) => [String(s), `icons/icon-${s}.png`]));
    expect(manifest.icons).toEqual(expected);
    expect(manifest.action.default_icon).toEqual(expected);
  });
});
