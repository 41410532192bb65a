import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import type { DisplaySettings, ReceiptView } from '../shared/api/branch-api';
import type { ZReportView } from '../shared/api/shift-api';
import { PAPER_DOTS, type PaperWidth } from '../shared/api/printer-api';
import { printHash } from '../shared/api/print-route';
import { receiptJob, type RgbaImage } from '../electron/print/escpos-job';
import { decodeEscPos, printedDots } from '../electron/print/test-support/escpos-decode';
import { ARTIFACTS_DIR } from './support/artifacts';
import { REPO_ROOT } from './support/processes';
import { useSystemWithTill } from './support/system';

const env = useSystemWithTill('Hamra Till 1');
// the receipt's date and time are the shop's (Beirut), whatever the machine's zone
test.use({ timezoneId: 'Asia/Beirut' });

/**
 * Receipts that print (issue 11): Chromium draws the receipt page the desktop shell rasterises
 * (electron/shell/receipt-raster.ts), the picture is encoded as ESC/POS (electron/print/escpos-job.ts), and the
 * byte stream is decoded back as a printer would read it (test-support/escpos-decode.ts, written from Epson's
 * reference) into the dots that would be burnt onto the paper. Those are compared with golden images of an
 * Arabic receipt on 80 mm and a French one on 58 mm: Arabic letters joined and in right-to-left order, which a
 * printer's code page never gives. `UPDATE_GOLDEN=1` writes the goldens afresh (look at them before committing).
 *
 * The receipt is fixed (sale.get answered by the test) so the golden does not move with the clock or the demo data.
 */
const RECEIPT: ReceiptView = {
  saleId: '0193a0b2-7c3d-7e4f-8a5b-00000000a001',
  number: 'H1-000042',
  occurredAt: '2026-12-04T15:20:00.000Z',
  tillName: 'صندوق ١',
  storeName: 'الحمرا',
  cashierName: 'رانيا حداد',
  currency: 'USD',
  lines: [
    { lineId: '0193a0b2-7c3d-7e4f-8a5b-00000000a011', productId: '0193a0b2-7c3d-7e4f-8a5b-00000000a021', sku: 'BRD-1', name: 'خبز عربي', unit: 'each', qty: 2000, unitPrice: 1_25, total: 2_50, reversed: false, rateBp: 0 },
    { lineId: '0193a0b2-7c3d-7e4f-8a5b-00000000a012', productId: '0193a0b2-7c3d-7e4f-8a5b-00000000a022', sku: 'LBN-1', name: 'لبنة بلدية', unit: 'each', qty: 1000, unitPrice: 4_40, total: 4_18, discount: 22, reversed: false, rateBp: 1_100 },
  ],
  tenders: [
    { method: 'cash', amount: 5_00, currency: 'USD' },
    { method: 'cash', amount: 200_000, currency: 'LBP' },
  ],
  total: 6_68,
  change: 0,
  customerContact: null,
  overrideReason: null,
  status: 'completed',
  exchange: { rate: { rateId: '0193a0b2-7c3d-7e4f-8a5b-00000000a031', base: 'USD', quote: 'LBP', rate: 89_500 }, totalQuote: 597_860, changeIn: 'quote', changeQuote: 50_000, rounding: 1_860 },
  vat: { pricesIncludeTax: true, rows: [{ rateBp: 0, net: 2_50, vat: 0, gross: 2_50 }, { rateBp: 1_100, net: 3_77, vat: 41, gross: 4_18 }], net: 6_27, vat: 41, gross: 6_68 },
  legal: { name: 'شركة الحمرا للتجارة ش.م.ل.', address: 'شارع الحمرا، بيروت', taxNumber: '123456-601' },
};

async function drawReceipt(page: Page, display: DisplaySettings, paper: PaperWidth): Promise<RgbaImage> {
  const widthDots = PAPER_DOTS[paper];
  await page.route('**/api/sale.get', (route) => route.fulfill({ json: { ok: true, value: RECEIPT } }));
  await page.route('**/api/till.settings', (route) => route.fulfill({ json: { ok: true, value: display } }));
  await page.setViewportSize({ width: widthDots, height: 900 });
  await page.goto(`${env.till.url}/index.html${printHash({ paper: 'receipt', saleId: RECEIPT.saleId, copy: false, widthDots })}`);
  await expect(page.locator('html')).toHaveAttribute('data-print-ready', 'true');
  const png = PNG.sync.read(await page.locator('#print-paper').screenshot());
  await page.unrouteAll();
  return { width: png.width, height: png.height, data: png.data };
}

/** What the printer would burn: the job decoded back, one byte a dot (1 black). */
function printed(image: RgbaImage, paper: PaperWidth): { width: number; height: number; dots: Uint8Array } {
  const commands = decodeEscPos(receiptJob(image, { paper, kickDrawer: true }));
  expect(commands.filter((c) => c.kind === 'pulse')).toHaveLength(1);
  return printedDots(commands);
}

function toPng(p: { width: number; height: number; dots: Uint8Array }): Buffer {
  const png = new PNG({ width: p.width, height: p.height });
  for (let i = 0; i < p.dots.length; i++) png.data.set(p.dots[i] === 1 ? [0, 0, 0, 255] : [255, 255, 255, 255], i * 4);
  return PNG.sync.write(png);
}
function fromPng(buf: Buffer): { width: number; height: number; dots: Uint8Array } {
  const png = PNG.sync.read(buf);
  const dots = new Uint8Array(png.width * png.height);
  for (let i = 0; i < dots.length; i++) dots[i] = png.data[i * 4]! < 128 ? 1 : 0;
  return { width: png.width, height: png.height, dots };
}

/**
 * How far two printouts are apart: the share of dots that differ over the whole receipt, and in its worst band of
 * 32 rows (a line of text), so one garbled line is not averaged away by a long receipt.
 */
function difference(a: { width: number; height: number; dots: Uint8Array }, b: { width: number; height: number; dots: Uint8Array }): { overall: number; worstBand: number } {
  if (a.width !== b.width) return { overall: 1, worstBand: 1 };
  const height = Math.max(a.height, b.height);
  let total = 0;
  let worst = 0;
  for (let y0 = 0; y0 < height; y0 += 32) {
    let band = 0;
    const rows = Math.min(32, height - y0);
    for (let y = y0; y < y0 + rows; y++) {
      for (let x = 0; x < a.width; x++) {
        const da = y < a.height ? a.dots[y * a.width + x]! : 0;
        const db = y < b.height ? b.dots[y * b.width + x]! : 0;
        if (da !== db) band++;
      }
    }
    total += band;
    worst = Math.max(worst, band / (rows * a.width));
  }
  return { overall: total / (height * a.width), worstBand: worst };
}

// What the same Chromium on another machine may change: a few dots along the edges of glyphs.
const SAME = { overall: 0.004, worstBand: 0.04 };

for (const c of [
  { name: 'receipt-ar-80mm', display: { language: 'ar', digits: 'arab' }, paper: '80mm' },
  { name: 'receipt-fr-58mm', display: { language: 'fr', digits: 'latin' }, paper: '58mm' },
] as const) {
  test(`the ${c.name} printout matches its golden image`, async ({ page }) => {
    const dots = printed(await drawReceipt(page, c.display, c.paper), c.paper);
    expect(dots.width).toBe(PAPER_DOTS[c.paper]);
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    writeFileSync(join(ARTIFACTS_DIR, `${c.name}.printed.png`), toPng(dots));
    const goldenPath = join(REPO_ROOT, 'e2e', 'golden', `${c.name}.png`);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenPath)) {
      if (process.env.CI === 'true' && !existsSync(goldenPath)) throw new Error(`no golden image ${goldenPath}: make it with UPDATE_GOLDEN=1 and look at it`);
      writeFileSync(goldenPath, toPng(dots));
    }
    const golden = fromPng(readFileSync(goldenPath));
    const diff = difference(dots, golden);
    expect(diff.overall, `dots differing from ${c.name}.png`).toBeLessThan(SAME.overall);
    expect(diff.worstBand, `worst line differing from ${c.name}.png`).toBeLessThan(SAME.worstBand);
    expect(Math.abs(dots.height - golden.height)).toBeLessThanOrEqual(8);
  });
}

test('the golden comparison tells a receipt in another language apart (the check can fail)', async ({ page }) => {
  // the Arabic receipt drawn with Latin digits: the same layout, only the numbers differ
  const latin = printed(await drawReceipt(page, { language: 'ar', digits: 'latin' }, '80mm'), '80mm');
  const golden = fromPng(readFileSync(join(REPO_ROOT, 'e2e', 'golden', 'receipt-ar-80mm.png')));
  const diff = difference(latin, golden);
  expect(diff.worstBand).toBeGreaterThan(SAME.worstBand);
});

test('a Z report is drawn for the printer in Arabic, right to left, and its job decodes to the paper width', async ({ page }) => {
  const shiftId = '0193a0b2-7c3d-7e4f-8a5b-00000000b001';
  const Z: ZReportView = {
    shiftId,
    number: 7,
    tillName: 'صندوق ١',
    storeName: 'الحمرا',
    currency: 'USD',
    openedByName: 'رانيا حداد',
    openedAt: '2026-12-04T06:00:00.000Z',
    closedByName: 'رانيا حداد',
    closedAt: '2026-12-04T15:00:00.000Z',
    columns: [
      { currency: 'USD', float: 100_00, cashSales: 412_50, changeGiven: 12_00, refunds: 0, cashIn: 0, paidOut: 5_00, expected: 495_50, counted: 494_50, difference: -1_00 },
      { currency: 'LBP', float: 1_000_000, cashSales: 2_500_000, changeGiven: 450_000, refunds: 0, cashIn: 0, paidOut: 0, expected: 3_050_000, counted: 3_050_000, difference: 0 },
    ],
    card: { USD: 88_40 },
    sales: 31,
    takings: 528_30,
    moves: [],
    note: null,
    pending: false,
  };
  await page.route('**/api/shift.zReport', (route) => route.fulfill({ json: { ok: true, value: Z } }));
  await page.route('**/api/till.settings', (route) => route.fulfill({ json: { ok: true, value: { language: 'ar', digits: 'arab' } } }));
  await page.setViewportSize({ width: PAPER_DOTS['80mm'], height: 900 });
  await page.goto(`${env.till.url}/index.html${printHash({ paper: 'z', shiftId, widthDots: PAPER_DOTS['80mm'] })}`);
  await expect(page.locator('html')).toHaveAttribute('data-print-ready', 'true');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  // the screen's buttons are not on the paper
  await expect(page.getByTestId('z-print')).toBeHidden();
  await expect(page.getByTestId('z-title')).toContainText('٧');
  // everything on 72 mm: nothing runs off the paper's sides
  const overflow = await page.evaluate(() => {
    type Box = { getBoundingClientRect(): { left: number; right: number; width: number } };
    const doc = (globalThis as unknown as { document: { querySelector(s: string): Box; querySelectorAll(s: string): ArrayLike<Box> } }).document;
    const paper = doc.querySelector('#print-paper').getBoundingClientRect();
    return Array.from(doc.querySelectorAll('#print-paper *')).filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && (r.left < paper.left - 1 || r.right > paper.right + 1);
    }).length;
  });
  expect(overflow).toBe(0);
  const shot = await page.locator('#print-paper').screenshot();
  const png = PNG.sync.read(shot);
  const commands = decodeEscPos(receiptJob({ width: png.width, height: png.height, data: png.data }, { paper: '80mm', kickDrawer: false }));
  expect(commands.some((c) => c.kind === 'pulse')).toBe(false);
  const dots = printedDots(commands);
  expect(dots.width).toBe(576);
  // ink on the paper, but not a black page: a few percent of the dots
  const black = dots.dots.reduce((n, d) => n + d, 0) / dots.dots.length;
  expect(black).toBeGreaterThan(0.01);
  expect(black).toBeLessThan(0.3);
  writeFileSync(join(ARTIFACTS_DIR, 'z-report-ar-80mm.printed.png'), toPng(dots));
});

