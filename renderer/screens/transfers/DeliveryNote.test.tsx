// @vitest-environment jsdom
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import type { TransferView } from '../../../shared/api/branch-api';
import { transferCode } from '../../../shared/scan/transfer-code';
import { zxingDecoder } from '../../../shared/scan/camera-decoders';
import { cameraFrame, prepareNodeDecoders } from '../../../bench/camera/node-frames';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { applyDisplay, initI18n } from '../../i18n/i18n';
import { FakeBranch, TestPage } from '../../test-support/fake-branch';
import { DeliveryNoteDialog } from './DeliveryNote';
import { sentTransfer } from '../../test-support/transfers';

/**
 * Issue 8, the delivery note that travels with the goods: its barcode must scan as the transfer's code (read
 * back here by zxing, a decoder that has nothing to do with bwip-js which drew it), and the paper names the
 * transfer, both ends and what was sent, in the till's language. Print waits for the barcode.
 */
let page: TestPage;
let printedWith: { barcode: boolean } | null;
const transfer: TransferView = sentTransfer();

/** The note's SVG as a camera frame: each bar (a stroked vertical line) drawn 2 px per SVG unit, with a quiet zone. */
function svgToFrame(svg: string) {
  const [, w, h] = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg) ?? [];
  expect(w, 'the SVG has a viewBox').toBeDefined();
  const scale = 2;
  const quiet = 60;
  const width = Math.ceil(Number(w) * scale) + 2 * quiet;
  const height = Math.ceil(Number(h) * scale) + 2 * quiet;
  const luma = new Uint8Array(width * height).fill(255);
  let bars = 0;
  for (const m of svg.matchAll(/<path[^>]*stroke-width="([\d.]+)"[^>]*d="([^"]+)"/g)) {
    const half = Number(m[1]) / 2;
    for (const seg of m[2]!.matchAll(/M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)/g)) {
      const x = Number(seg[1]);
      const [y0, y1] = [Number(seg[2]), Number(seg[4])].sort((a, b) => a - b);
      bars++;
      for (let px = Math.round((x - half) * scale); px < Math.round((x + half) * scale); px++) {
        for (let py = Math.round(y0! * scale); py < Math.round(y1! * scale); py++) luma[(py + quiet) * width + px + quiet] = 0;
      }
    }
  }
  expect(bars, 'bars drawn').toBeGreaterThan(20);
  return cameraFrame({ width, height, luma });
}

async function noteReady(): Promise<HTMLElement> {
  for (let i = 0; i < 100 && page.$('delivery-note')?.getAttribute('data-ready') !== 'true'; i++) await page.settle(20);
  expect(page.get('delivery-note').getAttribute('data-ready')).toBe('true');
  return page.get('delivery-note');
}

beforeAll(() => prepareNodeDecoders());
beforeEach(async () => {
  await initI18n('en');
  printedWith = null;
  vi.spyOn(window, 'print').mockImplementation(() => {
    printedWith = { barcode: (page.$('delivery-note-barcode')?.querySelector('svg') ?? null) !== null };
  });
  page = new TestPage(createBranchData(createClient(new FakeBranch().bridge)));
});
afterEach(() => {
  page.unmount();
  vi.restoreAllMocks();
});

describe('the delivery note', () => {
  it('carries a Code 128 barcode that scans as the transfer code, the code printed under it', async () => {
    await page.render(<DeliveryNoteDialog transfer={transfer} onClose={() => {}} />);
    await noteReady();
    const svg = page.get('delivery-note-barcode').innerHTML;
    const read = await zxingDecoder(svgToFrame(svg));
    expect(read?.code).toBe(transferCode(transfer.id));
    expect(page.text('delivery-note-code')).toBe(transferCode(transfer.id));
  });

  it('names the transfer, where from and where to, and each line sent with its SKU and quantity', async () => {
    await page.render(<DeliveryNoteDialog transfer={transfer} onClose={() => {}} />);
    await noteReady();
    expect(page.text('delivery-note-label')).toBe(transfer.label);
    expect(page.text('delivery-note-from')).toBe('Hamra');
    expect(page.text('delivery-note-to')).toBe('Achrafieh');
    const lines = page.all('delivery-note-line').map((r) => r.textContent);
    // what was sent (10 and 2), not what was asked (12 and 2); a line asked for and not sent is left off
    expect(lines).toEqual(['COLA-330Cola 330 ml10 pcs', 'WATER-1LWater 1 L2 pcs']);
    expect(page.get('delivery-note').textContent).toContain('Received by');
  });

  it('prints only once the barcode is drawn, and the print has it', async () => {
    await page.render(<DeliveryNoteDialog transfer={transfer} onClose={() => {}} />);
    await noteReady();
    expect((page.get('delivery-note-print') as HTMLButtonElement).disabled).toBe(false);
    await page.click('delivery-note-print');
    expect(printedWith).toEqual({ barcode: true });
  });

  it('is in the till\u2019s language: Arabic words around the same barcode', async () => {
    await act(async () => applyDisplay({ language: 'ar', digits: 'arab' }));
    await page.render(<DeliveryNoteDialog transfer={transfer} onClose={() => {}} />);
    const note = await noteReady();
    expect(note.textContent).toContain('إشعار تسليم');
    expect(note.textContent).toContain('استلمه');
    expect(note.textContent).not.toContain('Received by');
    // the code is digits for the scanner in any language
    expect(page.text('delivery-note-code')).toBe(transferCode(transfer.id));
    await act(async () => applyDisplay({ language: 'en', digits: 'latin' }));
  });
});
