import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { pullResponseSchema } from '../../shared/sync/protocol';
import { isDomainError } from '../../shared/domain/errors';
import { runCommand } from './cli';
import { importProductsCsv, putProducts } from './catalog';
import { count, seedTestChain, testProduct, type TestChain } from '../test-support/fixtures';
import { listenApp, tillsOf } from '../test-support/harness';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';

/**
 * VAT and the legal identity at the server (issue 11), on PostgreSQL: every tenant starts with standard 11% and
 * exempt; head office adds or changes classes, the mode and the legal identity with the CLI; the CSV names a
 * product's class; all of it reaches a till in its pull. A rate below 0 or above 100%, an unknown class (in the
 * CSV, in putProducts or as the default) is refused with a clear error and nothing written.
 */
let tdb: TestDatabase;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ({ app, url } = await listenApp(tdb.db));
});
afterAll(async () => {
  await app?.close();
  await tdb?.drop();
});

async function chain(): Promise<TestChain> {
  return seedTestChain(tdb.db, { products: 1, tillsPerStore: 1 });
}

async function pullTenant(c: TestChain) {
  const [till] = tillsOf(c, url);
  if (till === undefined) throw new Error('a till');
  const r = await till.pull();
  if (!r.ok) throw new Error(JSON.stringify(r.body));
  return pullResponseSchema.parse(r.body);
}

async function refused(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isDomainError(e)) return `${e.code}: ${e.message} ${JSON.stringify(e.details ?? {})}`;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('tax classes and the legal identity', () => {
  it('a new tenant has standard 11% and exempt 0, prices inclusive, and a till pulls them with no legal identity set', async () => {
    const c = await chain();
    const pull = await pullTenant(c);
    expect(pull.tenant.tax).toEqual({
      pricesIncludeTax: true,
      defaultClass: 'standard',
      classes: [
        { code: 'exempt', rateBp: 0 },
        { code: 'standard', rateBp: 1100 },
      ],
    });
    expect(pull.tenant.legal).toEqual({ name: null, address: null, taxNumber: null });
  });

  it('the CLI sets a class, the mode and the legal identity; the CSV names classes; the pull carries them all', async () => {
    const c = await chain();
    await runCommand(tdb.db, ['tax-class', '--tenant', c.tenantId, '--code', 'reduced', '--rate', '5.5']);
    await runCommand(tdb.db, ['tax-mode', '--tenant', c.tenantId, '--prices', 'exclusive']);
    await runCommand(tdb.db, ['legal', '--tenant', c.tenantId, '--name', 'Hamra Trading SAL', '--address', 'Hamra St, Beirut', '--tax-number', '123456-601']);
    const csv = ['sku,name,unit,price,tax_class', 'BREAD,Bread,each,1.00,exempt', 'SOAP,Soap,each,2.50,', 'TEA,Tea,each,3.00,Reduced'].join('\n');
    expect(await importProductsCsv(tdb.db, c.tenantId, csv)).toEqual({ imported: 3 });
    const pull = await pullTenant(c);
    expect(pull.tenant.tax).toEqual({
      pricesIncludeTax: false,
      defaultClass: 'standard',
      classes: [
        { code: 'exempt', rateBp: 0 },
        { code: 'reduced', rateBp: 550 },
        { code: 'standard', rateBp: 1100 },
      ],
    });
    expect(pull.tenant.legal).toEqual({ name: 'Hamra Trading SAL', address: 'Hamra St, Beirut', taxNumber: '123456-601' });
    const bySku = new Map(pull.products.map((p) => [p.sku, p]));
    expect(bySku.get('BREAD')?.taxClass).toBe('exempt');
    expect(bySku.get('TEA')?.taxClass).toBe('reduced');
    // no class named: absent, the tenant's default applies at the till
    expect(bySku.get('SOAP')).toBeDefined();
    expect(bySku.get('SOAP')?.taxClass).toBeUndefined();
    // changing a rate reaches the till in the next pull, whatever its cursor
    await runCommand(tdb.db, ['tax-class', '--tenant', c.tenantId, '--code', 'standard', '--rate', '12']);
    const [till] = tillsOf(c, url);
    const again = await till!.pull(pull.cursor);
    if (!again.ok) throw new Error('pull');
    expect(again.body.products).toEqual([]);
    expect(again.body.tenant.tax?.classes).toContainEqual({ code: 'standard', rateBp: 1200 });
  });

  it('a rate below 0 or above 100% is refused with nothing written', async () => {
    const c = await chain();
    expect(await refused(runCommand(tdb.db, ['tax-class', '--tenant', c.tenantId, '--code', 'luxury', '--rate=-1']))).toMatch(/INVALID_INPUT.*0 to 10000 \(0% to 100%\)/);
    expect(await refused(runCommand(tdb.db, ['tax-class', '--tenant', c.tenantId, '--code', 'luxury', '--rate', '100.01']))).toMatch(/INVALID_INPUT.*0% to 100%/);
    expect(await refused(runCommand(tdb.db, ['tax-class', '--tenant', c.tenantId, '--code', 'Bad Code!', '--rate', '5']))).toMatch(/INVALID_INPUT/);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM tax_classes WHERE tenant_id = $1', [c.tenantId])).toBe(2);
    // 100% is the edge, allowed
    await runCommand(tdb.db, ['tax-class', '--tenant', c.tenantId, '--code', 'luxury', '--rate', '100']);
    expect(await count(tdb.db, "SELECT rate_bp AS n FROM tax_classes WHERE tenant_id = $1 AND code = 'luxury'", [c.tenantId])).toBe(10_000);
    // the database holds the range too
    await expect(tdb.db.query("UPDATE tax_classes SET rate_bp = 10001 WHERE tenant_id = $1 AND code = 'luxury'", [c.tenantId])).rejects.toThrow(/tax_classes_rate_valid/);
  });

  it('an unknown class in the CSV, in putProducts or as the default is refused with nothing written', async () => {
    const c = await chain();
    const before = await count(tdb.db, 'SELECT count(*) AS n FROM products WHERE tenant_id = $1', [c.tenantId]);
    const csv = ['sku,name,unit,price,tax_class', 'OK1,Fine,each,1.00,standard', 'BAD1,Wrong,each,1.00,luxury'].join('\n');
    const err = await refused(importProductsCsv(tdb.db, c.tenantId, csv));
    expect(err).toMatch(/INVALID_INPUT: 1 bad row\(s\); nothing was imported/);
    expect(err).toContain('"line":3');
    expect(err).toContain('unknown tax class \\"luxury\\"');
    expect(await refused(putProducts(tdb.db, c.tenantId, [testProduct(9, { taxClass: 'luxury' })]))).toMatch(/unknown tax class "luxury"/);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM products WHERE tenant_id = $1', [c.tenantId])).toBe(before);
    expect(await refused(runCommand(tdb.db, ['tax-mode', '--tenant', c.tenantId, '--default-class', 'luxury']))).toMatch(/unknown tax class "luxury"/);
    expect(await count(tdb.db, "SELECT count(*) AS n FROM tenants WHERE id = $1 AND default_tax_class = 'standard'", [c.tenantId])).toBe(1);
    // the database refuses it too, whoever writes
    await expect(tdb.db.query("UPDATE products SET tax_class = 'luxury' WHERE tenant_id = $1", [c.tenantId])).rejects.toThrow(/products_tax_class_fk/);
  });
});
