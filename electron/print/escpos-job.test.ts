import { describe, expect, it } from 'vitest';
import { drawerKickJob, receiptJob, type RgbaImage } from './escpos-job';
import { decodeEscPos, printedDots } from './test-support/escpos-decode';

/** A white picture with black rectangles [x, y, w, h], the oracle drawn independently of the encoder. */
function picture(width: number, height: number, rects: Array<[number, number, number, number]>): RgbaImage {
  const data = new Uint8Array(width * height * 4).fill(255);
  for (const [rx, ry, rw, rh] of rects) {
    for (let y = ry; y < ry + rh; y++) {
      for (let x = rx; x < rx + rw; x++) data.set([0, 0, 0, 255], (y * width + x) * 4);
    }
  }
  return { width, height, data };
}

describe('receiptJob (ESC/POS raster)', () => {
  it('prints the picture dot for dot at the paper width, in raster blocks, then cuts', () => {
    // 576 dots across (80 mm): no scaling, so every dot must come back where it was drawn
    const img = picture(576, 600, [[0, 0, 576, 2], [100, 300, 8, 40], [570, 590, 6, 10]]);
    const commands = decodeEscPos(receiptJob(img, { paper: '80mm', kickDrawer: false }));
    expect(commands[0]).toEqual({ kind: 'initialize' });
    expect(commands.filter((c) => c.kind !== 'feed').at(-1)).toEqual({ kind: 'cut', partial: true });
    expect(commands.some((c) => c.kind === 'pulse')).toBe(false);
    // a printer takes at most 255 rows in one GS v 0 block on many models
    const blocks = commands.filter((c) => c.kind === 'raster');
    expect(blocks.length).toBeGreaterThan(2);
    for (const b of blocks) expect(b.rows).toBeLessThanOrEqual(255);
    const printed = printedDots(commands);
    expect(printed.width).toBe(576);
    expect(printed.height).toBe(600);
    const black = (x: number, y: number) => printed.dots[y * 576 + x] === 1;
    expect(black(0, 0) && black(575, 1)).toBe(true);
    expect(black(0, 2)).toBe(false);
    expect(black(100, 300) && black(107, 339)).toBe(true);
    expect(black(99, 300) || black(108, 300) || black(100, 340)).toBe(false);
    expect(black(570, 590) && black(575, 599)).toBe(true);
    const total = printed.dots.reduce((n, d) => n + d, 0);
    expect(total).toBe(576 * 2 + 8 * 40 + 6 * 10);
  });

  it('scales a picture of another width to the paper and pads its height to whole bytes', () => {
    // 768 px wide (a 2x capture of a 384-dot receipt) onto 58 mm paper: half size, a left half black
    const img = picture(768, 101, [[0, 0, 384, 101]]);
    const printed = printedDots(decodeEscPos(receiptJob(img, { paper: '58mm', kickDrawer: false })));
    expect(printed.width).toBe(384);
    expect(printed.height).toBe(56); // round(101 / 2) = 51, padded with white to 56
    expect(printed.dots[10 * 384 + 10]).toBe(1);
    expect(printed.dots[10 * 384 + 300]).toBe(0);
    expect(printed.dots[54 * 384 + 10]).toBe(0);
  });

  it('kicks the drawer once the paper is cut, so a job cut short never opens it', () => {
    const commands = decodeEscPos(receiptJob(picture(576, 8, []), { paper: '80mm', kickDrawer: true }));
    const kick = commands.findIndex((c) => c.kind === 'pulse');
    const cut = commands.findIndex((c) => c.kind === 'cut');
    expect(commands.filter((c) => c.kind === 'pulse')).toHaveLength(1);
    expect(kick).toBeGreaterThan(cut);
    expect(commands[kick]).toEqual({ kind: 'pulse', pin: 2, onMs: 100, offMs: 500 });
  });

  it('a no-sale opens the drawer and prints nothing', () => {
    const commands = decodeEscPos(drawerKickJob());
    expect(commands.filter((c) => c.kind === 'pulse')).toHaveLength(1);
    expect(commands.some((c) => c.kind === 'raster' || c.kind === 'cut')).toBe(false);
  });

  it('refuses pixels that do not match the size they claim', () => {
    expect(() => receiptJob({ width: 10, height: 10, data: new Uint8Array(399) }, { paper: '80mm', kickDrawer: false })).toThrow(/RGBA/);
  });
});
