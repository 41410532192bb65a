import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCheckDigit } from '../../shared/domain/barcode';
import { isDomainError } from '../../shared/domain/errors';
import { productsById } from '../db/pull-repo';
import { count } from '../test-support/fixtures';
import { createTestDatabase, type TestDatabase } from '../test-support/test-db';
import { createTenant, importProductsCsv } from './service';

/**
 * Pack barcodes in head office's catalog (issue 8): imported with their product, sent to the tills with it, and
 * bad pack data refused with every bad row named and nothing imported.
 */
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

async function domainError(p: Promise<unknown>): Promise<{ code: string; errors: Array<{ line: number; message: string }> }> {
  try {
    await p;
  } catch (e) {
    if (isDomainError(e)) return { code: e.code, errors: (e.details as { errors?: Array<{ line: number; message: string }> } | undefined)?.errors ?? [] };
    throw e;
  }
  throw new Error('expected a DomainError');
}

const can = withCheckDigit('528000000101');
const caseOf24 = withCheckDigit('1528000000101');
const trayOf6 = withCheckDigit('2528000000101');
const water = withCheckDigit('528000000202');

describe('pack barcodes in the product CSV import', () => {
  it('imports packs with their product, priced or not, and a pull sends them with it (none: no packs field)', async () => {
    const { tenantId } = await createTenant(tdb.db, { name: 'Pack Chain', currency: 'USD' });
    const csv = `sku,name,unit,price,barcodes,packs\nC-1,Cola 330ml,each,0.75,${can},${caseOf24}:24:15.99|${trayOf6}:6\nW-1,Water 1l,each,0.40,${water},\n`;
    expect(await importProductsCsv(tdb.db, tenantId, csv)).toEqual({ imported: 2 });
    const ids = (await tdb.db.query<{ id: string; sku: string }>('SELECT id, sku FROM products WHERE tenant_id = $1 ORDER BY sku', [tenantId])).rows;
    const pulled = await productsById(
      tdb.db,
      tenantId,
      ids.map((r) => r.id),
    );
    const bySku = new Map(pulled.map((s) => [s.value.sku, s.value]));
    // Smallest pack first, the price in minor units as typed ("15.99" is 1599 cents).
    expect(bySku.get('C-1')?.packs).toEqual([
      { barcode: trayOf6, units: 6, price: null },
      { barcode: caseOf24, units: 24, price: 1599 },
    ]);
    expect(bySku.get('W-1')).not.toHaveProperty('packs');

    // Importing the product again without packs drops them.
    expect(await importProductsCsv(tdb.db, tenantId, `sku,name,unit,price,barcodes\nC-1,Cola 330ml,each,0.75,${can}\n`)).toEqual({ imported: 1 });
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM pack_barcodes WHERE tenant_id = $1', [tenantId])).toBe(0);
  });

  it('refuses a pack of one unit, a negative pack, a code used twice, a pack of weighed goods and another product`s code, importing nothing', async () => {
    const { tenantId } = await createTenant(tdb.db, { name: 'Bad Pack Chain', currency: 'USD' });
    expect(await importProductsCsv(tdb.db, tenantId, `sku,name,unit,price,barcodes\nW-1,Water 1l,each,0.40,${water}\n`)).toEqual({ imported: 1 });
    const csv = [
      'sku,name,unit,price,barcodes,packs,pack_size',
      `P-1,Good,each,1.00,${can},${caseOf24}:24,24`,
      `P-2,One unit,each,1.00,,${withCheckDigit('1528000000303')}:1,`,
      `P-3,Negative,each,1.00,,${withCheckDigit('1528000000404')}:-24,`,
      `P-4,Twice in its row,each,1.00,${withCheckDigit('528000000505')},${withCheckDigit('528000000505')}:6,`,
      `P-5,Weighed,kg,1.00,,${withCheckDigit('1528000000606')}:10,`,
      `P-6,Water's code,each,1.00,,${water}:12,`,
      `P-7,Negative pack size,each,1.00,,,-6`,
      `P-8,Not a pack,each,1.00,,${withCheckDigit('1528000000707')},`,
    ].join('\n');
    const e = await domainError(importProductsCsv(tdb.db, tenantId, csv));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.errors.map((x) => x.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(e.errors.find((x) => x.line === 3)?.message).toMatch(/at least 2 units/);
    expect(e.errors.find((x) => x.line === 6)?.message).toMatch(/no pack barcodes/);
    expect(e.errors.find((x) => x.line === 7)?.message).toMatch(/belongs to another product/);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM products WHERE tenant_id = $1', [tenantId])).toBe(1);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM pack_barcodes WHERE tenant_id = $1', [tenantId])).toBe(0);
  });

  it('holds in the database too: a code cannot be a unit barcode and a pack barcode of the tenant', async () => {
    const { tenantId } = await createTenant(tdb.db, { name: 'Trigger Chain', currency: 'USD' });
    await importProductsCsv(tdb.db, tenantId, `sku,name,unit,price,barcodes,packs\nC-1,Cola,each,0.75,${can},${caseOf24}:24\n`);
    const id = (await tdb.db.query<{ id: string }>('SELECT id FROM products WHERE tenant_id = $1', [tenantId])).rows[0]?.id;
    await expect(tdb.db.query('INSERT INTO pack_barcodes (tenant_id, code, product_id, units) VALUES ($1, $2, $3, 6)', [tenantId, can, id])).rejects.toMatchObject({
      code: '23505',
    });
    await expect(tdb.db.query('INSERT INTO barcodes (tenant_id, code, product_id) VALUES ($1, $2, $3)', [tenantId, caseOf24, id])).rejects.toMatchObject({ code: '23505' });
  });
});
