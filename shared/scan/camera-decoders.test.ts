/// <reference types="node" />
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../shared/domain/barcode';
import { CameraScanSession, decodeImage } from './camera-decoder';

/**
 * Still images of EAN-13 barcodes drawn here, bar by bar, so the test needs no fixtures and no image library:
 * the decoder must read the clean ones and must never answer a wrong code for the damaged ones.
 */

const L = ['0001101', '0011001', '0010011', '0111101', '0100011', '0110001', '0101111', '0111011', '0110111', '0001011'];
const G = L.map((p) => [...p].map((b) => (b === '1' ? '0' : '1')).reverse().join(''));
const R = L.map((p) => [...p].map((b) => (b === '1' ? '0' : '1')).join(''));
const PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'];

/** The 95 modules of an EAN-13 symbol, '1' for a bar. Any 13 digits: a wrong check digit draws a misprint. */
function ean13Modules(code: string): string {
  const d = [...code].map(Number);
  const parity = PARITY[d[0]!]!;
  let m = '101';
  for (let i = 1; i <= 6; i++) m += (parity[i - 1] === 'L' ? L : G)[d[i]!]!;
  m += '01010';
  for (let i = 7; i <= 12; i++) m += R[d[i]!]!;
  return m + '101';
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An 8-bit greyscale PNG from rows of 0..255. */
function png(width: number, height: number, pixel: (x: number, y: number) => number): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0;
    for (let x = 0; x < width; x++) raw[y * (width + 1) + 1 + x] = pixel(x, y);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

interface Drawing {
  moduleWidth?: number;
  /** a deterministic pseudo-random speckle of this strength (0..255) */
  noise?: number;
  /** white-out of the given fraction of columns, from this fraction of the width on */
  scratch?: { from: number; width: number };
  /** blur by averaging each pixel with this many neighbours to each side */
  blur?: number;
}

/** A 640×480 "camera frame": the symbol in the middle of a grey counter, drawn with the given damage. */
function barcodeImage(code: string, d: Drawing = {}): string {
  const modules = ean13Modules(code);
  const mw = d.moduleWidth ?? 3;
  const width = 640;
  const height = 480;
  const x0 = Math.floor((width - modules.length * mw) / 2);
  const top = Math.floor(height * 0.3);
  const bottom = Math.floor(height * 0.7);
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const base = (x: number): number => {
    const m = Math.floor((x - x0) / mw);
    return m >= 0 && m < modules.length && modules[m] === '1' ? 20 : 235;
  };
  const pixel = (x: number, y: number): number => {
    let v = y < top - 20 || y > bottom + 20 ? 170 : y < top || y > bottom ? 235 : base(x);
    if (y >= top && y <= bottom) {
      if (d.blur !== undefined) {
        let s = 0;
        for (let k = -d.blur; k <= d.blur; k++) s += base(x + k);
        v = s / (2 * d.blur + 1);
      }
      if (d.scratch !== undefined) {
        const from = x0 + Math.floor(d.scratch.from * modules.length * mw);
        if (x >= from && x < from + Math.floor(d.scratch.width * modules.length * mw)) v = 235;
      }
    }
    if (d.noise !== undefined) v += (rand() - 0.5) * d.noise;
    return Math.max(0, Math.min(255, Math.round(v)));
  };
  return `data:image/png;base64,${png(width, height, pixel).toString('base64')}`;
}

const CODES = ['5901234123457', '4006381333931', withCheckDigit('629104150021'), withCheckDigit('978020137962'), withCheckDigit('622300000123')];

describe('camera decoder on still images (Node)', () => {
  it('reads clean EAN-13 images exactly', async () => {
    for (const code of CODES) {
      expect(await decodeImage(barcodeImage(code), { mime: 'image/png' })).toBe(code);
    }
  });

  it('reads through mild noise and blur, and never answers a wrong code on damaged images', async () => {
    const variants: Drawing[] = [
      { noise: 60 },
      { blur: 1 },
      { moduleWidth: 2, noise: 40 },
      { scratch: { from: 0.35, width: 0.08 } },
      { scratch: { from: 0.55, width: 0.2 } },
      { noise: 200, blur: 2, moduleWidth: 2 },
    ];
    let read = 0;
    let wrong = 0;
    for (const code of CODES.slice(0, 3)) {
      for (const v of variants) {
        const got = await decodeImage(barcodeImage(code, v), { mime: 'image/png' });
        if (got === code) read++;
        else if (got !== null) wrong++;
      }
    }
    expect(wrong).toBe(0);
    // The mild variants (noise, blur, narrow modules) must read; the scratched ones may or may not.
    expect(read).toBeGreaterThanOrEqual(9);
  });

  it('refuses a symbol printed with a wrong digit instead of reading it as another product', async () => {
    // The bars of 5901234123457 with its 8th digit changed: valid patterns, wrong check digit.
    for (const misprint of ['5901234723457', '5901234123450']) {
      expect(await decodeImage(barcodeImage(misprint), { mime: 'image/png' })).toBeNull();
    }
  });

  it('answers null for an image without a barcode', async () => {
    const blank = `data:image/png;base64,${png(640, 480, (x, y) => (x * 7 + y * 3) % 256).toString('base64')}`;
    expect(await decodeImage(blank, { mime: 'image/png' })).toBeNull();
  });

  it('a camera session accepts a code only after three agreeing frames', async () => {
    const image = barcodeImage(CODES[0]!);
    const session = new CameraScanSession((src) => decodeImage(src, { mime: 'image/png' }));
    expect(await session.frame(image, 0)).toBeNull();
    expect(await session.frame(image, 100)).toBeNull();
    expect(await session.frame(image, 200)).toBe(CODES[0]);
    // still in view: not added again
    expect(await session.frame(image, 300)).toBeNull();
  });
});
