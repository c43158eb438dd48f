// The extension's icons (toolbar, extensions page, store): a key on a rounded square, drawn here
// into PNGs with no image library. `npm run icons -w @latchkey/extension` rewrites public/icons/;
// the unit test checks that the committed files are exactly what this draws.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

/** The sizes Chrome and the Web Store ask for. */
export const ICON_SIZES = [16, 32, 48, 128] as const;

/** The path of each icon inside the build (and under `public/`). */
export const iconPath = (size: number): string => `icons/icon-${size}.png`;

type Rgba = readonly [number, number, number, number];
const BACKGROUND: Rgba = [47, 59, 143, 255]; // indigo
const KEY: Rgba = [245, 197, 66, 255]; // brass

/** Signed distance (negative inside) to a rounded box centred at (cx, cy) with half sizes hw, hh. */
function roundedBox(x: number, y: number, cx: number, cy: number, hw: number, hh: number, r = 0) {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** In a 128 × 128 design space: inside the background square, inside the key. */
function shapes(x: number, y: number): { background: boolean; key: boolean } {
  const background = roundedBox(x, y, 64, 64, 62, 62, 26) <= 0;
  const d = Math.hypot(x - 40, y - 64);
  const bow = d <= 25 && d >= 11; // the ring
  const shaft = roundedBox(x, y, 83, 64, 27, 7) <= 0; // x 56–110, y 57–71
  const bit1 = roundedBox(x, y, 92, 78, 5, 9) <= 0; // teeth below the shaft
  const bit2 = roundedBox(x, y, 105, 75, 5, 6) <= 0;
  return { background, key: bow || shaft || bit1 || bit2 };
}

/** The icon at `size` px: RGBA, row by row, each pixel the average of 8 × 8 samples. */
export function renderIcon(size: number): Buffer {
  const samples = 8;
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = ((px + (sx + 0.5) / samples) * 128) / size;
          const y = ((py + (sy + 0.5) / samples) * 128) / size;
          const { background, key } = shapes(x, y);
          const colour = key ? KEY : background ? BACKGROUND : undefined;
          if (!colour) continue;
          // Premultiplied, so that the edges blend into transparency without dark fringes.
          for (let c = 0; c < 3; c++) acc[c]! += colour[c]!;
          acc[3]! += 255;
        }
      }
      const n = samples * samples;
      const alpha = acc[3]! / n;
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) out[i + c] = alpha ? Math.round(acc[c]! / n / (alpha / 255)) : 0;
      out[i + 3] = Math.round(alpha);
    }
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG of `rgba` (8-bit RGBA, no interlace, filter 0 on every row).
 * @see https://www.w3.org/TR/png-3/#5DataRep
 */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA)
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++)
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = fileURLToPath(new URL('../public/', import.meta.url));
  mkdirSync(join(dir, 'icons'), { recursive: true });
  for (const size of ICON_SIZES) {
    writeFileSync(join(dir, iconPath(size)), encodePng(size, renderIcon(size)));
    console.log(`public/${iconPath(size)}`);
  }
}
