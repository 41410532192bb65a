import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningServer } from './server';
import { startServer } from './server';
import { ledgerMismatches, onHand, seedTestChain } from './test-support/fixtures';
import { tillsOf } from './test-support/harness';
import type { TestTill } from './test-support/client';

/** The embedded default: no DATABASE_URL, PGlite in a data directory. Same SQL, same core scenario. */
let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'till-pglite-'));
  server = await startServer({ port: 0, dataDir: dir });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('embedded PGlite server', () => {
  it('runs the last-unit scenario: first keeps, second reversed with a conflict, repeats change nothing, pulls converge', async () => {
    expect(server.db.kind).toBe('pglite');
    const chain = await seedTestChain(server.db, { stock: 1000 });
    const [a, b] = tillsOf(chain, server.url) as [TestTill, TestTill];
    const p = chain.products[0]!;
    const saleA = a.sale([{ productId: p.id, qty: 1000 }]);
    const saleB = b.sale([{ productId: p.id, qty: 1000 }], { customerContact: { name: 'Maya' } });
    const [ra, rb] = [await a.push([saleA]), await b.push([saleB])];
    expect(ra.ok && ra.body.results[0]?.status).toBe('accepted');
    expect(rb.ok && rb.body.results[0]?.status).toBe('reversed');
    const again = await Promise.all([a.push([saleA]), b.push([saleB])]);
    expect(again.map((r) => r.ok && r.body.results[0]?.duplicate)).toEqual([true, true]);

    const gap = await a.push([a.sale([{ productId: p.id, qty: 1000 }]), a.sale([{ productId: p.id, qty: 1000 }])].slice(1));
    expect(gap).toMatchObject({ status: 409, body: { code: 'SEQUENCE_GAP', details: { expectedSeq: 2 } } });

    const [pa, pb] = [await a.pull(), await b.pull()];
    if (!pa.ok || !pb.ok) throw new Error('pull failed');
    expect(pa.body.levels.find((l) => l.productId === p.id)?.level.onHand).toBe(0);
    expect(pb.body.levels.find((l) => l.productId === p.id)?.level.onHand).toBe(0);
    expect(pb.body.conflicts).toHaveLength(1);
    expect(pb.body.opResults.map((r) => r.status)).toEqual(['reversed']);
    expect(await onHand(server.db, chain.tenantId, chain.storeA, p.id)).toBe(0);
    expect(await ledgerMismatches(server.db, chain.tenantId)).toEqual([]);
    const health = await fetch(`${server.url}/v1/health`);
    expect(((await health.json()) as { database: string }).database).toBe('pglite');
  });
});
