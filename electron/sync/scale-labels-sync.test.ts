import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { DemoProduct } from '../../shared/demo';
import { withCheckDigit } from '../../shared/domain/barcode';
import { DomainError } from '../../shared/domain/errors';
import { importProductsCsv } from '../../sync-server/admin/catalog';
import { getScaleFormats, setScaleFormats } from '../../sync-server/admin/scale-formats';
import { completeSale, lookupBarcode } from '../services';
import { startSyncHarness, type SyncHarness } from '../test-support/sync-harness';

/**
 * Scale labels from head office to the checkout and back (issue 11), against the real server: a product's PLU set
 * by the CSV import and the store's label formats set by the admin CLI's function reach the till in a pull; the
 * till reads its store's labels by them; a weighed line is an ordinary sale line that the server replays.
 */
let h: SyncHarness;
let loose: DemoProduct;
beforeAll(async () => {
  h = await startSyncHarness();
  loose = h.chain.products.find((p) => p.active && p.unit === 'kg') as DemoProduct;
});
afterAll(async () => {
  await h?.close();
});

function csv(p: DemoProduct, plu: string): string {
  return `sku,name,unit,price,barcodes,plu\n${p.sku},${p.name},${p.unit},${(p.price / 100).toFixed(2)},${p.barcodes.join('|')},${plu}\n`;
}

async function importError(text: string): Promise<string> {
  try {
    await importProductsCsv(h.database.db, h.tenantId, text);
  } catch (e) {
    if (e instanceof DomainError) return JSON.stringify(e.details);
    throw e;
  }
  throw new Error('the import was not refused');
}

describe('scale labels through a sync', () => {
  it('pulls the PLU and the store’s formats, reads a label by them, and the server replays the weighed sale', async () => {
    expect(loose).toBeDefined();
    const hamra = h.chain.stores.find((s) => s.name === 'Hamra')?.id as string;
    // head office: the scale prints "00423" for this product, and Hamra's scales print 23 + 5-digit item + grams
    await importProductsCsv(h.database.db, h.tenantId, csv(loose, '00423'));
    await setScaleFormats(h.database.db, { tenantId: h.tenantId, storeId: hamra, formats: [{ prefix: '23', pattern: 'PPIIIIIVVVVVC', value: 'weight' }] });
    expect(await getScaleFormats(h.database.db, { tenantId: h.tenantId, storeId: hamra })).toEqual([{ prefix: '23', pattern: 'PPIIIIIVVVVVC', value: 'weight' }]);

    const till = h.tillAt('Hamra');
    await till.agent.syncNow();
    expect(till.agent.status().lastError).toBeNull();
    const db = till.temp.backend.db;
    const code = withCheckDigit('230042301250');
    const scan = lookupBarcode(db, code);
    expect(scan.product).toMatchObject({ id: loose.id, plu: '423' });
    expect(scan.label).toMatchObject({ kind: 'weight', qty: 1_250 });
    // the demo's format (21...) was replaced by head office's: its labels are no longer read as labels
    expect(() => lookupBarcode(db, withCheckDigit('210042301250'))).toThrow(/no product has the barcode/);

    const before = await h.serverOnHand(hamra, loose.id);
    completeSale(
      db,
      { saleId: uuidv7(), lines: [{ productId: loose.id, qty: 1_250, label: code }], tenders: [{ method: 'cash', amount: 100_000 }] },
      { userId: till.cashier.id, managerId: null },
      new Date(),
    );
    await till.agent.syncNow();
    expect(till.agent.status().lastError).toBeNull();
    expect(await h.serverOnHand(hamra, loose.id)).toBe(before - 1_250);
  });

  it('refuses an import giving a PLU that another product keeps, or one twice in the file, and a bad format', async () => {
    const other = h.chain.products.find((p) => p.active && p.unit === 'each') as DemoProduct;
    await importProductsCsv(h.database.db, h.tenantId, csv(loose, '555'));
    expect(await importError(csv(other, '555'))).toMatch(/PLU 555 belongs to another product/);
    const twice = csv(loose, '556') + `${other.sku},${other.name},${other.unit},${(other.price / 100).toFixed(2)},${other.barcodes.join('|')},0556\n`;
    expect(await importError(twice)).toMatch(/PLU 556 already on line 2/);
    expect(await importError(csv(other, '12x'))).toMatch(/plu/);
    const hamra = h.chain.stores[0]?.id as string;
    await expect(setScaleFormats(h.database.db, { tenantId: h.tenantId, storeId: hamra, formats: [{ prefix: '31', pattern: 'PPIIIIIVVVVVC', value: 'weight' }] })).rejects.toThrow(
      /invalid scale label formats/,
    );
    await expect(setScaleFormats(h.database.db, { tenantId: h.tenantId, storeId: h.chain.warehouse.id, formats: [] })).rejects.toThrow(/no store/);
  });
});
