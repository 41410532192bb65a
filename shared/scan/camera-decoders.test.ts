import { describe, expect, it } from 'vitest';
import { withCheckDigit } from '../domain/barcode';
import { cameraFrame, prepareNodeDecoders } from '../../bench/camera/node-frames';
import { agreement, CameraScanSession, normalizeCode, quaggaDecoder, readFrame, zxingDecoder, type FrameDecoder } from './camera-decoders';
import { symbolWidths, type LumaFrame } from './test-support/labels';

/**
 * Still images of EAN-13 barcodes drawn here bar by bar from the GS1 encoding tables, independently of bwip-js
 * (which draws the bench's labels): each decoder must read the clean ones exactly, and neither may answer a
 * code for a symbol printed with a wrong check digit or for an image without a barcode.
 */
prepareNodeDecoders();

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

/** A 1280x720 frame: the symbol, 3 px per module, in the middle of a grey counter, with a little noise. */
function stillFrame(modules: string, noise = 0): LumaFrame {
  const width = 1280;
  const height = 720;
  const mw = 3;
  const x0 = Math.floor((width - modules.length * mw) / 2);
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const luma = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const m = Math.floor((x - x0) / mw);
      const inLabel = y > 220 && y < 500 && x > x0 - 40 && x < x0 + modules.length * mw + 40;
      const v = !inLabel ? 150 : y > 240 && y < 480 && m >= 0 && m < modules.length && modules[m] === '1' ? 25 : 230;
      luma[y * width + x] = Math.max(0, Math.min(255, Math.round(v + (rand() - 0.5) * noise)));
    }
  }
  return { width, height, luma };
}

const CODES = ['5901234123457', '4006381333931', withCheckDigit('629104150021'), withCheckDigit('978020137962')];
const DECODERS: [string, FrameDecoder][] = [
  ['zxing', zxingDecoder],
  ['quagga', quaggaDecoder],
];

describe('the two camera decoders on still images (Node)', () => {
  it('the label renderer draws the same bars as the GS1 tables', () => {
    for (const code of CODES) {
      const modules = symbolWidths('EAN-13', code)
        .map((w, i) => (i % 2 === 0 ? '1' : '0').repeat(w))
        .join('');
      expect(modules).toBe(ean13Modules(code));
    }
  });

  for (const [name, decode] of DECODERS) {
    it(`${name} reads clean EAN-13 frames exactly`, async () => {
      for (const code of CODES) expect((await decode(cameraFrame(stillFrame(ean13Modules(code), 40))))?.code).toBe(code);
    });

    it(`${name} answers nothing for a symbol printed with a wrong check digit, or for no symbol`, async () => {
      // The bars of 5901234123457 with one digit changed: valid patterns, wrong check digit.
      for (const misprint of ['5901234723457', '5901234123450']) expect(await decode(cameraFrame(stillFrame(ean13Modules(misprint))))).toBeNull();
      expect(await decode(cameraFrame(stillFrame('')))).toBeNull();
    });
  }

  it('a frame is agreed only when every decoder answered the same code', () => {
    expect(agreement(['5901234123457', '5901234123457'])).toEqual({ agreed: '5901234123457', seen: ['5901234123457'] });
    expect(agreement(['5901234123457', null])).toEqual({ agreed: null, seen: ['5901234123457'] });
    expect(agreement([null, '5901234123457'])).toEqual({ agreed: null, seen: ['5901234123457'] });
    expect(agreement(['5901234123457', '4006381333931'])).toEqual({ agreed: null, seen: ['5901234123457', '4006381333931'] });
    expect(agreement([null, null])).toEqual({ agreed: null, seen: [] });
  });

  it('quagga is not asked about a frame zxing found nothing in', async () => {
    let quaggaCalls = 0;
    const counted: FrameDecoder = (f) => {
      quaggaCalls++;
      return quaggaDecoder(f);
    };
    expect(await readFrame(cameraFrame(stillFrame('')), [zxingDecoder, counted])).toEqual({ agreed: null, seen: [] });
    expect(quaggaCalls).toBe(0);
    expect(await readFrame(cameraFrame(stillFrame(ean13Modules(CODES[0]!), 40)), [zxingDecoder, counted])).toEqual({ agreed: CODES[0], seen: [CODES[0]] });
    expect(quaggaCalls).toBe(1);
  });

  it('a UPC-A answer becomes its 13-digit GTIN, as the EAN reader reports it', () => {
    expect(normalizeCode('036000291452')).toBe('0036000291452');
    expect(normalizeCode('036000291453')).toBeNull();
    expect(normalizeCode('96385074')).toBe('96385074');
  });

  it('a camera session accepts a code after three agreeing frames, and not again while it is in view', async () => {
    const frame = cameraFrame(stillFrame(ean13Modules(CODES[0]!), 40));
    const session = new CameraScanSession();
    expect(await session.frame(frame, 0)).toBeNull();
    expect(await session.frame(frame, 100)).toBeNull();
    expect(await session.frame(frame, 200)).toBe(CODES[0]);
    expect(await session.frame(frame, 300)).toBeNull();
  });
});
