import { expect, test } from '@playwright/test';
import type { Browser, Page } from '@playwright/test';
import { HeaderBar } from './pages/header.page';
import { LoginPage } from './pages/login.page';
import { TransfersPage } from './pages/transfers.page';
import { saveScreenshot } from './support/artifacts';
import { barcodeOf, demoUser, stockAt } from './support/demo-data';
import { attachLogsOnFailure, demoChain, startSystem } from './support/system';
import type { E2ESystem, TillHandle } from './support/system';

/**
 * Issue 8 in Chromium: Hamra Till 1 sends a transfer to Achrafieh (a case scanned as its units, a second product
 * typed) and prints its delivery note; Achrafieh Till 1 scans the note, receives it short (two units of the case
 * missing, one of the other damaged), and both tills show the discrepancy. The sync server is needed only in the
 * middle: to carry the dispatch to Achrafieh and the receipt back to Hamra.
 */
let system: E2ESystem;
let hamra: TillHandle;
let achrafieh: TillHandle;

test.beforeAll(async () => {
  system = await startSystem();
  hamra = await system.startTill('Hamra Till 1');
  achrafieh = await system.startTill('Achrafieh Till 1');
});
test.afterEach(() => attachLogsOnFailure(system));
test.afterAll(async () => {
  await system?.stop();
});

async function openTill(browser: Browser, till: TillHandle): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  // The browser's print dialog would wait for a person: count the prints instead (runs in the page).
  await page.addInitScript(() => {
    const w = globalThis as unknown as { prints: number; print: () => void };
    w.prints = 0;
    w.print = () => {
      w.prints++;
    };
  });
  const manager = demoUser('manager');
  await new LoginPage(page).open(till.url);
  await new LoginPage(page).loginAs(manager.name, manager.pin);
  return page;
}

test('a transfer sent at Hamra and received short at Achrafieh is a discrepancy at both ends', async ({ browser }) => {
  const hamraId = hamra.storeId;
  // A product that comes in cases (its case's barcode adds the case's units) and one sold plainly, both in stock at Hamra.
  const cased = demoChain.products.find((p) => p.active && p.unit === 'each' && (p.packs?.length ?? 0) > 0 && stockAt(p.id, hamraId) >= 2 * (p.packs![0]!.units * 1000));
  const plain = demoChain.products.find((p) => p.active && p.unit === 'each' && p.packs === undefined && p.barcodes.length > 0 && stockAt(p.id, hamraId) >= 5000);
  if (cased === undefined || plain === undefined) throw new Error('the demo chain has no cased and plain products in stock at Hamra');
  const caseUnits = cased.packs![0]!.units;
  const manager = demoUser('manager');

  // Hamra: send one case and 4 of the other to Achrafieh.
  const pageH = await openTill(browser, hamra);
  const transfersH = new TransfersPage(pageH);
  await transfersH.open(manager.pin);
  const onHandBefore = { cased: hamra.onHand(cased.id), plain: hamra.onHand(plain.id) };
  const transferId = await transfersH.send('Achrafieh', [
    { code: cased.packs![0]!.barcode, productId: cased.id },
    { code: barcodeOf(plain), productId: plain.id, qty: '4' },
  ]);
  await expect(transfersH.detail()).toHaveAttribute('data-status', 'sent');
  await expect(transfersH.line(cased.id)).toHaveAttribute('data-sent', String(caseUnits * 1000));
  await expect(transfersH.line(plain.id)).toHaveAttribute('data-sent', '4000');
  // The goods left Hamra's shelf at once, offline or not.
  expect(hamra.onHand(cased.id)).toBe(onHandBefore.cased - caseUnits * 1000);
  expect(hamra.onHand(plain.id)).toBe(onHandBefore.plain - 4000);

  const code = await transfersH.openDeliveryNote();
  await expect(pageH.getByTestId('delivery-note-to')).toHaveText('Achrafieh');
  await expect(pageH.getByTestId('delivery-note-line')).toHaveCount(2);
  await saveScreenshot(pageH, 'transfer-delivery-note');
  await pageH.getByTestId('delivery-note-print').click();
  await expect.poll(() => pageH.evaluate(() => (globalThis as unknown as { prints: number }).prints)).toBe(1);
  await transfersH.closeDeliveryNote();

  // The sync in the middle: Hamra's dispatch reaches the server, and Achrafieh's pull brings the transfer.
  const headerH = new HeaderBar(pageH);
  await headerH.syncNow();
  await headerH.expectQueued(0, 30_000);

  // Achrafieh: the delivery note's barcode, scanned, opens the transfer.
  const pageA = await openTill(browser, achrafieh);
  const transfersA = new TransfersPage(pageA);
  await transfersA.open(manager.pin);
  await transfersA.scanDeliveryNote(code, transferId);
  await expect(transfersA.detail()).toHaveAttribute('data-status', 'sent');
  await saveScreenshot(pageA, 'transfer-incoming-sent');

  // Two of the case never arrived; of the 4 others, one is damaged.
  const shelfBefore = achrafieh.onHand(cased.id);
  await transfersA.receive([
    { productId: cased.id, good: String(caseUnits - 2) },
    { productId: plain.id, good: '3', damaged: '1' },
  ]);
  await expect(transfersA.detail()).toHaveAttribute('data-status', 'discrepancy');
  await expect(transfersA.line(cased.id)).toHaveAttribute('data-short', '2000');
  await expect(transfersA.line(plain.id)).toHaveAttribute('data-damaged', '1000');
  await expect(transfersA.line(plain.id)).toHaveAttribute('data-short', '0');
  await expect(transfersA.detail().getByTestId('transfer-resolve')).toBeVisible();
  expect(achrafieh.onHand(cased.id)).toBe(shelfBefore + (caseUnits - 2) * 1000);
  await saveScreenshot(pageA, 'transfer-received-short-achrafieh');

  // The receipt goes to the server; Hamra sees the same discrepancy (the server's word, nothing pending).
  const headerA = new HeaderBar(pageA);
  await headerA.syncNow();
  await headerA.expectQueued(0, 30_000);
  await expect(transfersA.detail().getByTestId('transfer-pending')).toHaveCount(0, { timeout: 30_000 });
  await expect(async () => {
    await headerH.syncNow();
    await expect(transfersH.detail()).toHaveAttribute('data-status', 'discrepancy', { timeout: 3000 });
  }).toPass({ timeout: 30_000 });
  await expect(transfersH.line(cased.id)).toHaveAttribute('data-short', '2000');
  await expect(transfersH.line(cased.id)).toHaveAttribute('data-received', String((caseUnits - 2) * 1000));
  await transfersH.back();
  await expect(transfersH.row(transferId)).toHaveAttribute('data-status', 'discrepancy');
  await expect(transfersH.row(transferId).getByTestId('transfer-status')).toHaveText('Discrepancy');
  await saveScreenshot(pageH, 'transfer-discrepancy-hamra');
});
