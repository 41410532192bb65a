// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchBridge, ReceiptView } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import type { ReceiptRenderer } from '../../electron/services/printing';
import { decodeEscPos } from '../../electron/print/test-support/escpos-decode';
import { startRawPrinter, type RawPrinter } from '../../electron/print/test-support/raw-printer';
import { createTempTill, type TempTill } from '../../electron/test-support/temp-till';
import { createClient } from '../api/client';
import { createBranchData } from '../app/branch-data';
import { initI18n } from '../i18n/i18n';
import { TestPage } from '../test-support/fake-branch';
import { ReceiptDialog } from '../screens/checkout/ReceiptDialog';

/**
 * The receipt dialog with a receipt printer, against a real till backend printing to a raw-port printer on
 * localhost (the picture is a blank stand-in: e2e/receipt-raster.spec.ts has Chromium draw it). A till set to
 * print by itself prints the original once when the sale completes, says the drawer opened, and never falls back
 * to the browser's print; a printer that is off is said, with the page's own print offered instead.
 */
let till: TempTill;
let printer: RawPrinter;
let page: TestPage;
let sale: ReceiptView;

const blank: ReceiptRenderer = (req) => Promise.resolve({ width: req.widthDots, height: 40, data: new Uint8Array(req.widthDots * 40 * 4).fill(255) });

beforeEach(async () => {
  await initI18n('en');
  vi.spyOn(window, 'print').mockImplementation(() => {});
  vi.spyOn(window, 'focus').mockImplementation(() => {});
  printer = await startRawPrinter();
  till = createTempTill({ demo: { products: 12 }, backend: { receiptRenderer: blank } });
  const product = till.stockedUnitProducts(1)[0] as DemoProduct;
  await till.loginAs('manager');
  await till.call('printer.setSettings', { connection: { kind: 'network', host: '127.0.0.1', port: printer.port }, paper: '80mm', autoPrint: true, cashDrawer: true });
  sale = await till.call<ReceiptView>('sale.complete', { saleId: uuidv7(), lines: [{ productId: product.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 1_000_000 }] });
  const bridge: BranchBridge = { call: ((method: string, input: unknown) => till.backend.dispatch(method, input)) as BranchBridge['call'] };
  page = new TestPage(createBranchData(createClient(bridge)));
});
afterEach(async () => {
  page.unmount();
  till.cleanup();
  await printer.close();
  vi.restoreAllMocks();
});

describe('the receipt dialog with a receipt printer', () => {
  it('prints the original by itself once, opening the drawer; a second print is a copy and leaves the drawer shut', async () => {
    await page.render(<ReceiptDialog receipt={sale} onClose={() => {}} />);
    await printer.waitForJobs(1);
    await page.settle(30);
    expect(page.text('print-done')).toMatch(/drawer is open/);
    await page.click('receipt-print');
    const jobs = await printer.waitForJobs(2);
    await page.settle(30);
    expect(jobs).toHaveLength(2);
    expect(jobs.map((j) => decodeEscPos(j).filter((c) => c.kind === 'pulse').length)).toEqual([1, 0]);
    // the second paper is a COPY, and says so
    expect(page.text('print-done')).toMatch(/COPY/);
    expect(window.print).not.toHaveBeenCalled();
  });

  it('says so when the printer is off, and offers the page’s own print', async () => {
    await printer.close();
    await page.render(<ReceiptDialog receipt={sale} onClose={() => {}} />);
    await page.settle(100);
    expect(page.text('print-failed')).toMatch(/did not print.*127\.0\.0\.1/);
    expect(window.print).not.toHaveBeenCalled();
    await page.click('print-page');
    expect(window.print).toHaveBeenCalledTimes(1);
    printer = await startRawPrinter();
  });

  it('in web mode (nothing on the backend draws receipts) never pops the browser’s print dialog by itself, and still opens the drawer for cash', async () => {
    const web = createTempTill({ demo: { products: 12 } });
    try {
      await web.loginAs('manager');
      await web.call('printer.setSettings', { connection: { kind: 'network', host: '127.0.0.1', port: printer.port }, paper: '80mm', autoPrint: true, cashDrawer: true });
      const product = web.stockedUnitProducts(1)[0] as DemoProduct;
      const s = await web.call<ReceiptView>('sale.complete', { saleId: uuidv7(), lines: [{ productId: product.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 1_000_000 }] });
      const bridge: BranchBridge = { call: ((method: string, input: unknown) => web.backend.dispatch(method, input)) as BranchBridge['call'] };
      const webPage = new TestPage(createBranchData(createClient(bridge)));
      try {
        await webPage.render(<ReceiptDialog receipt={s} onClose={() => {}} />);
        await printer.waitForJobs(1);
        await webPage.settle(60);
        expect(window.print).not.toHaveBeenCalled();
        expect(webPage.text('print-done')).toMatch(/drawer is open/);
        // asked for, it prints through the page
        await webPage.click('receipt-print');
        await webPage.settle(30);
        expect(window.print).toHaveBeenCalledTimes(1);
      } finally {
        webPage.unmount();
      }
    } finally {
      web.cleanup();
    }
    // the one job is the drawer's pulse
    expect(printer.jobs.map((j) => decodeEscPos(j).filter((c) => c.kind === 'pulse' || c.kind === 'raster').map((c) => c.kind))).toEqual([['pulse']]);
  });
});
