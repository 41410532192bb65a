import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult, ReceiptView } from '../../shared/api/branch-api';
import type { PrinterSettings } from '../../shared/api/printer-api';
import type { DemoProduct, DemoUser } from '../../shared/demo';
import type { RgbaImage } from '../print/escpos-job';
import { decodeEscPos, printedDots } from '../print/test-support/escpos-decode';
import { startRawPrinter, type RawPrinter } from '../print/test-support/raw-printer';
import { openTillStore, pendingOps } from '../store';
import { readPrinterSettings } from '../store/printer-repo';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import type { ReceiptRenderer } from './printing';
import { createTillBackend } from '../backend';

/**
 * The receipt printer through the branch API on a real till database, printing to a raw-port printer on
 * localhost. The receipt's picture comes from a stand-in for Chromium that draws one black row per dot of a
 * stripe whose height tells which receipt was asked for (e2e/receipt-raster.spec.ts has Chromium draw the real
 * receipt): what reaches the printer must be that picture, at the paper's width, with the drawer's pulse only on
 * the first print of a sale that took cash.
 */
let till: TempTill;
let printer: RawPrinter;
let product: DemoProduct;
let manager: DemoUser;
const rendered: Array<{ saleId: string; copy: boolean; widthDots: number }> = [];

/** A white picture `widthDots` across with a black stripe 8 rows high for an original, 16 for a copy. */
const stripeRenderer: ReceiptRenderer = (route) => {
  if (route.paper !== 'receipt') throw new Error('a receipt was asked for');
  const req = { saleId: route.saleId, copy: route.copy, widthDots: route.widthDots };
  rendered.push(req);
  const height = 64;
  const data = new Uint8Array(req.widthDots * height * 4).fill(255);
  for (let y = 0; y < (req.copy ? 16 : 8); y++) for (let x = 0; x < req.widthDots; x++) data.set([0, 0, 0, 255], (y * req.widthDots + x) * 4);
  return Promise.resolve<RgbaImage>({ width: req.widthDots, height, data });
};

beforeEach(async () => {
  rendered.length = 0;
  printer = await startRawPrinter();
  till = createTempTill({ demo: { products: 12 }, backend: { receiptRenderer: stripeRenderer } });
  product = till.stockedUnitProducts(1)[0] as DemoProduct;
  manager = till.chain.users.find((u) => u.role === 'manager') as DemoUser;
  await till.loginAs('manager');
  await till.call('printer.setSettings', settings());
  await till.call('session.logout');
  await till.loginAs('cashier');
});
afterEach(async () => {
  till.cleanup();
  await printer.close();
});

function settings(over: Partial<PrinterSettings> = {}): PrinterSettings {
  return { connection: { kind: 'network', host: '127.0.0.1', port: printer.port }, paper: '80mm', autoPrint: true, cashDrawer: true, ...over };
}
const dispatch = (method: string, input: unknown): Promise<BranchResult<unknown>> => till.backend.dispatch(method, input);
const sell = (tenders: unknown[]) => till.call<ReceiptView>('sale.complete', { saleId: uuidv7(), lines: [{ productId: product.id, qty: 1000 }], tenders });
const cashSale = () => sell([{ method: 'cash', amount: 1_000_000 }]);
const cardSale = async () => {
  const price = till.backend.db.db.prepare('SELECT price FROM products WHERE id = ?').pluck().get(product.id) as number;
  return sell([{ method: 'card', amount: price }]);
};
const pulses = (job: Buffer) => decodeEscPos(job).filter((c) => c.kind === 'pulse').length;
const stripeRows = (job: Buffer) => {
  const p = printedDots(decodeEscPos(job));
  let rows = 0;
  while (rows < p.height && p.dots.slice(rows * p.width, (rows + 1) * p.width).every((d) => d === 1)) rows++;
  return { width: p.width, rows };
};
async function managerDo<T>(fn: () => Promise<T>): Promise<T> {
  await till.call('session.elevate', { pin: manager.pin });
  return fn();
}

describe('printing a receipt', () => {
  it('sends the rendered receipt as a raster at the paper width; the first print is the original and opens the drawer, every later one is a COPY', async () => {
    const sale = await cashSale();
    const first = await till.call<{ bytes: number; drawerKicked: boolean; copy: boolean }>('receipt.print', { saleId: sale.saleId });
    expect(first).toMatchObject({ drawerKicked: true, copy: false });
    // Print pressed again on the finished sale: a second paper must never pass for the original
    const again = await till.call<{ drawerKicked: boolean; copy: boolean }>('receipt.print', { saleId: sale.saleId });
    expect(again).toMatchObject({ drawerKicked: false, copy: true });
    const copy = await till.call<{ drawerKicked: boolean; copy: boolean }>('receipt.print', { saleId: sale.saleId, copy: true });
    expect(copy).toMatchObject({ drawerKicked: false, copy: true });
    const jobs = await printer.waitForJobs(3);
    expect(jobs[0]!.length).toBe(first.bytes);
    expect(jobs.map(pulses)).toEqual([1, 0, 0]);
    expect(jobs.map(stripeRows)).toEqual([{ width: 576, rows: 8 }, { width: 576, rows: 16 }, { width: 576, rows: 16 }]);
    expect(rendered).toEqual([
      { saleId: sale.saleId, copy: false, widthDots: 576 },
      { saleId: sale.saleId, copy: true, widthDots: 576 },
      { saleId: sale.saleId, copy: true, widthDots: 576 },
    ]);
  });

  it('opens the drawer once when two prints of the original race, and not again after a restart', async () => {
    const sale = await cashSale();
    const both = await Promise.all([1, 2].map(() => till.call<{ drawerKicked: boolean; copy: boolean }>('receipt.print', { saleId: sale.saleId })));
    expect(both.map((o) => o.drawerKicked).sort()).toEqual([false, true]);
    expect(both.map((o) => o.copy).sort()).toEqual([false, true]);
    // the till restarted: a backend on the same file knows the original was printed
    const restarted = createTillBackend({ dbPath: till.dbPath, receiptRenderer: stripeRenderer });
    try {
      const cashier = till.chain.users.find((u) => u.role === 'cashier') as DemoUser;
      await restarted.dispatch('session.login', { userId: cashier.id, pin: cashier.pin });
      expect(await restarted.dispatch('receipt.print', { saleId: sale.saleId })).toMatchObject({ ok: true, value: { drawerKicked: false, copy: true } });
    } finally {
      restarted.close();
    }
    const jobs = await printer.waitForJobs(3);
    expect(jobs.map(pulses).reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('never opens the drawer for a card sale, nor when no drawer hangs on the printer, and draws 58 mm at 384 dots', async () => {
    const card = await cardSale();
    expect((await till.call<{ drawerKicked: boolean }>('receipt.print', { saleId: card.saleId })).drawerKicked).toBe(false);
    await managerDo(() => till.call('printer.setSettings', settings({ cashDrawer: false, paper: '58mm' })));
    const cash = await cashSale();
    expect((await till.call<{ drawerKicked: boolean }>('receipt.print', { saleId: cash.saleId })).drawerKicked).toBe(false);
    const jobs = await printer.waitForJobs(2);
    expect(jobs.map(pulses)).toEqual([0, 0]);
    expect(stripeRows(jobs[1]!)).toEqual({ width: 384, rows: 8 });
  });

  it('says so when the printer is off, and kicks the drawer on the print that reaches it', async () => {
    const sale = await cashSale();
    const port = printer.port;
    await printer.close();
    const off = await dispatch('receipt.print', { saleId: sale.saleId });
    expect(off).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', details: { reason: 'printer_failed' } } });
    if (!off.ok) expect(off.error.message).toContain(`127.0.0.1:${port}`);
    printer = await startRawPrinter();
    await managerDo(() => till.call('printer.setSettings', settings()));
    expect((await till.call<{ drawerKicked: boolean }>('receipt.print', { saleId: sale.saleId })).drawerKicked).toBe(true);
  });

  it('answers no_printer with no printer set up, no_raster where nothing draws receipts, and NOT_FOUND for an unknown sale', async () => {
    const sale = await cashSale();
    expect(await dispatch('receipt.print', { saleId: uuidv7() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await managerDo(() => till.call('printer.setSettings', settings({ connection: { kind: 'none' } })));
    expect(await dispatch('receipt.print', { saleId: sale.saleId })).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', details: { reason: 'no_printer' } } });

    const web = createTempTill({ demo: { products: 12 } });
    try {
      await web.loginAs('manager');
      await web.call('printer.setSettings', settings());
      const s = await web.call<ReceiptView>('sale.complete', { saleId: uuidv7(), lines: [{ productId: web.stockedUnitProducts(1)[0]!.id, qty: 1000 }], tenders: [{ method: 'cash', amount: 1_000_000 }] });
      // the page prints the receipt itself; the drawer on the printer still opens for the cash sale, once
      expect(await web.backend.dispatch('receipt.print', { saleId: s.saleId })).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', details: { reason: 'no_raster', drawerKicked: true } } });
      expect(await web.backend.dispatch('receipt.print', { saleId: s.saleId })).toMatchObject({ ok: false, error: { details: { reason: 'no_raster', drawerKicked: false } } });
      const [pulse] = await printer.waitForJobs(1);
      expect(decodeEscPos(pulse!).filter((c) => c.kind !== 'initialize' && c.kind !== 'character-mode' && c.kind !== 'font' && c.kind !== 'feed').map((c) => c.kind)).toEqual(['pulse']);
    } finally {
      web.cleanup();
    }
    expect(printer.jobs).toHaveLength(1);
  });
});

describe('printer settings', () => {
  it('are a manager’s to set, refuse a malformed printer, and are kept in the till’s database', async () => {
    expect(await dispatch('printer.setSettings', settings({ paper: '58mm' }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await till.call('session.elevate', { pin: manager.pin });
    for (const bad of [
      settings({ connection: { kind: 'network', host: 'printer; rm -rf /', port: 9100 } }),
      settings({ connection: { kind: 'network', host: '10.0.0.9', port: 70_000 } }),
      { ...settings(), paper: '110mm' },
      { ...settings(), connection: { kind: 'bluetooth' } },
    ]) {
      expect(await dispatch('printer.setSettings', bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    await till.call('printer.setSettings', settings({ connection: { kind: 'device', path: '/dev/usb/lp0' }, autoPrint: false }));
    const saved = { connection: { kind: 'device', path: '/dev/usb/lp0' }, paper: '80mm', autoPrint: false, cashDrawer: true };
    expect(await till.call('printer.settings')).toEqual(saved);
    // another connection to the file (the next start of the till) reads the same
    const other = openTillStore(till.dbPath);
    try {
      expect(readPrinterSettings(other)).toEqual(saved);
    } finally {
      other.close();
    }
  });
});

describe('opening the drawer without a sale', () => {
  it('needs a manager, pulses the drawer, and is recorded once as op drawer_open with both users', async () => {
    const openId = uuidv7();
    expect(await dispatch('drawer.open', { openId, reason: 'change for a customer' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(printer.jobs).toHaveLength(0);
    const opened = await managerDo(() => till.call<{ openId: string; shiftId: string | null }>('drawer.open', { openId, reason: 'change for a customer' }));
    expect(opened).toMatchObject({ openId, shiftId: null });
    // a retry (the answer lost) changes nothing and opens nothing; the same id with another reason is refused
    await till.call('drawer.open', { openId, reason: 'change for a customer' });
    expect(await dispatch('drawer.open', { openId, reason: 'other' })).toMatchObject({ ok: false, error: { code: 'ID_REUSED' } });
    const jobs = await printer.waitForJobs(1);
    expect(jobs).toHaveLength(1);
    expect(decodeEscPos(jobs[0]!).map((c) => c.kind).filter((k) => k !== 'initialize' && k !== 'character-mode' && k !== 'font' && k !== 'feed')).toEqual(['pulse']);
    const ops = pendingOps(till.backend.db).filter((o) => o.type === 'drawer_open');
    const cashier = till.chain.users.find((u) => u.role === 'cashier') as DemoUser;
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ userId: cashier.id, payload: { openId, shiftId: null, reason: 'change for a customer', approvedBy: manager.id } });
  });

  it('writes nothing when the printer does not take the pulse, and names the open shift', async () => {
    const shift = await till.call<{ shiftId: string }>('shift.open', { shiftId: uuidv7(), float: { USD: 10_000 } });
    await printer.close();
    const before = pendingOps(till.backend.db).length;
    const failed = await managerDo(() => dispatch('drawer.open', { openId: uuidv7(), reason: 'note checked' }));
    expect(failed).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(pendingOps(till.backend.db).length).toBe(before);
    expect(till.backend.db.db.prepare('SELECT count(*) FROM drawer_opens').pluck().get()).toBe(0);
    printer = await startRawPrinter();
    await till.call('printer.setSettings', settings());
    const opened = await till.call<{ shiftId: string | null }>('drawer.open', { openId: uuidv7(), reason: 'note checked' });
    expect(opened.shiftId).toBe(shift.shiftId);
    // the X report lists it, with the cashier who opened the drawer and the manager who approved
    const x = await till.call<{ noSales: Array<{ reason: string; byName: string; approvedByName: string | null }> }>('shift.current');
    const cashier = till.chain.users.find((u) => u.role === 'cashier') as DemoUser;
    expect(x.noSales).toEqual([expect.objectContaining({ reason: 'note checked', byName: cashier.name, approvedByName: manager.name })]);
    expect(() => till.backend.db.db.prepare('DELETE FROM drawer_opens').run()).toThrow(/IMMUTABLE/);
  });
});

describe('printing a Z report', () => {
  it('sends the Z report as it was printed at closing, never opening the drawer; an unknown shift is NOT_FOUND', async () => {
    const asked: unknown[] = [];
    const z = createTempTill({
      demo: { products: 12 },
      backend: {
        receiptRenderer: (route) => {
          asked.push(route);
          return Promise.resolve({ width: route.widthDots, height: 16, data: new Uint8Array(route.widthDots * 16 * 4).fill(0) });
        },
      },
    });
    try {
      await z.loginAs('manager');
      await z.call('printer.setSettings', settings({ paper: '58mm' }));
      const shiftId = uuidv7();
      await z.call('shift.open', { shiftId, float: { USD: 10_000 } });
      await z.call('shift.close', { shiftId, counted: { USD: 10_000 } });
      expect(await z.call('shift.printZ', { shiftId })).toMatchObject({ drawerKicked: false, copy: false });
      expect(asked).toEqual([{ paper: 'z', shiftId, widthDots: 384 }]);
      const [job] = await printer.waitForJobs(1);
      expect(pulses(job!)).toBe(0);
      expect(printedDots(decodeEscPos(job!)).width).toBe(384);
      expect(await z.backend.dispatch('shift.printZ', { shiftId: uuidv7() })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await z.call('shift.zReport', { shiftId })).toMatchObject({ shiftId, number: 1 });
    } finally {
      z.cleanup();
    }
  });
});
