import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';
import { count, ledgerMismatches, seedTestChain } from '../test-support/fixtures';
import { TestTill } from '../test-support/client';
import { listenApp } from '../test-support/harness';
import { createTenant, importOps, importProductsCsv, revokeTill } from './service';
import { runCommand } from './cli';
import { hashToken } from '../auth';
import { isDomainError } from '../../shared/domain/errors';
import { withCheckDigit } from '../../shared/domain/barcode';

let tdb: TestDatabase;
let dir: string;
beforeAll(async () => {
  tdb = await createTestDatabase();
  dir = mkdtempSync(join(tmpdir(), 'till-admin-'));
});
afterAll(async () => {
  await tdb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function domainError(p: Promise<unknown>): Promise<{ code: string; details: Record<string, unknown> | undefined }> {
  try {
    await p;
  } catch (e) {
    if (isDomainError(e)) return { code: e.code, details: e.details };
    throw e;
  }
  throw new Error('expected a DomainError');
}

describe('product CSV import', () => {
  it('imports a good file and updates existing SKUs in place', async () => {
    const { tenantId } = await createTenant(tdb.db, { name: 'CSV Chain', currency: 'USD' });
    const code = withCheckDigit('528000000001');
    const csv = `sku,name,unit,price,barcodes,reorder_point\nA-1,Labneh 500g,each,3.50,${code},4\nA-2,Tomatoes,kg,1.25,,2.5\n`;
    expect(await importProductsCsv(tdb.db, tenantId, csv)).toEqual({ imported: 2 });
    const again = `sku,name,unit,price\nA-1,Labneh 1kg,each,6\n`;
    expect(await importProductsCsv(tdb.db, tenantId, again)).toEqual({ imported: 1 });
    const r = await tdb.db.query<{ name: string; price: number; reorder_point: number }>(
      'SELECT name, price, reorder_point FROM products WHERE tenant_id = $1 ORDER BY sku',
      [tenantId],
    );
    expect(r.rows).toEqual([
      { name: 'Labneh 1kg', price: 600, reorder_point: 0 },
      { name: 'Tomatoes', price: 125, reorder_point: 2500 },
    ]);
  });

  it('refuses a file with bad rows, lists each by line number, and imports nothing', async () => {
    const { tenantId } = await createTenant(tdb.db, { name: 'Bad CSV Chain', currency: 'USD' });
    const csv = [
      'sku,name,unit,price,barcodes',
      'B-1,Good,each,1.00,',
      'B-2,Bad price,each,1.999,',
      'B-3,Bad unit,crate,1.00,',
      'B-1,Duplicate sku,each,1.00,',
      'B-5,Bad barcode,each,1.00,5280000000019',
    ].join('\n');
    const e = await domainError(importProductsCsv(tdb.db, tenantId, csv));
    expect(e.code).toBe('INVALID_INPUT');
    const errors = (e.details as { errors: Array<{ line: number; message: string }> }).errors;
    expect(errors.map((x) => x.line)).toEqual([3, 4, 5, 6]);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM products WHERE tenant_id = $1', [tenantId])).toBe(0);
    const missing = await domainError(importProductsCsv(tdb.db, tenantId, 'sku,name\nX,Y\n'));
    expect(missing.code).toBe('INVALID_INPUT');
  });
});

describe('admin CLI commands', () => {
  it('creates a tenant, a store, a user, enrolls a till whose token only exists as a hash, and revokes it', async () => {
    const { tenantId } = (await runCommand(tdb.db, ['create-tenant', '--name', 'CLI Chain', '--currency', 'LBP'])) as { tenantId: string };
    const { locationId } = (await runCommand(tdb.db, ['create-location', '--tenant', tenantId, '--name', 'Jounieh', '--kind', 'store'])) as { locationId: string };
    await runCommand(tdb.db, ['create-user', '--tenant', tenantId, '--name', 'Nour', '--role', 'manager', '--pin', '4321']);
    const { tillId, token } = (await runCommand(tdb.db, ['enroll-till', '--tenant', tenantId, '--store', locationId, '--name', 'Jounieh 1'])) as { tillId: string; token: string };
    const stored = await tdb.db.query<{ token_hash: string }>('SELECT token_hash FROM terminals WHERE id = $1', [tillId]);
    expect(stored.rows[0]?.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(stored.rows)).not.toContain(token);
    await runCommand(tdb.db, ['revoke-till', '--tenant', tenantId, '--till', tillId]);
    expect(await count(tdb.db, 'SELECT count(*) AS n FROM terminals WHERE id = $1 AND revoked', [tillId])).toBe(1);
    const csvPath = join(dir, 'p.csv');
    writeFileSync(csvPath, 'sku,name,unit,price\nZ-1,Zaatar,kg,12000\n');
    expect(await runCommand(tdb.db, ['import-products', '--tenant', tenantId, csvPath])).toEqual({ imported: 1 });
    await expect(runCommand(tdb.db, ['create-user', '--tenant', tenantId, '--name', 'X', '--role', 'cashier', '--pin', '12'])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(runCommand(tdb.db, ['frobnicate'])).rejects.toThrow(/unknown command/);
  });
});

describe('import-ops for a dead till', () => {
  it('applies the export exactly once, even after revocation, and a later push of the same ops changes nothing', async () => {
    const chain = await seedTestChain(tdb.db, { stock: 100_000 });
    const t = chain.tills[0]!;
    const { app, url } = await listenApp(tdb.db);
    try {
      const till = new TestTill(url, t.tillId, t.token, chain.cashierId);
      const p = chain.products[0]!;
      const ops = Array.from({ length: 30 }, () => till.sale([{ productId: p.id, qty: 1000 }]));
      await till.push(ops.slice(0, 10)); // synced before the till died
      await revokeTill(tdb.db, { tenantId: chain.tenantId, tillId: t.tillId });
      const file = join(dir, 'export.ndjson');
      writeFileSync(file, ops.map((o) => JSON.stringify(o)).join('\n'));
      const out = (await runCommand(tdb.db, ['import-ops', file])) as { ackSeq: number; counts: Record<string, number> };
      expect(out).toEqual({ ackSeq: 30, counts: { already_applied: 10, accepted: 20 } });
      const twice = await importOps(tdb.db, readFileSync(file, 'utf8'));
      expect(twice.results.every((r) => r.duplicate)).toBe(true);
      expect(await count(tdb.db, 'SELECT count(*) AS n FROM applied_ops WHERE terminal_id = $1', [t.tillId])).toBe(30);
      expect(await count(tdb.db, "SELECT count(*) AS n FROM movements WHERE terminal_id = $1 AND kind = 'SALE'", [t.tillId])).toBe(30);
      expect(await ledgerMismatches(tdb.db, chain.tenantId)).toEqual([]);
      // The revived till (re-enrolled under the same id is not possible; its old token is revoked) cannot push.
      expect((await till.push(ops)).status).toBe(401);
      // A file with a hole is refused before anything is applied.
      const holed = join(dir, 'holed.json');
      writeFileSync(holed, JSON.stringify({ ops: [ops[0], ops[2]] }));
      await expect(importOps(tdb.db, readFileSync(holed, 'utf8'))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    } finally {
      await app.close();
    }
  });
});
