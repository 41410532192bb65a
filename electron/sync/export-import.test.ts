import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoProduct } from '../../shared/demo';
import { v7 as uuidv7 } from 'uuid';
import { importOps } from '../../sync-server/admin/service';
import { count, ledgerMismatches } from '../../sync-server/test-support/fixtures';
import { completeSale } from '../services';
import { countPendingOps, upsertUsers } from '../store';
import { ledgerViolations } from '../test-support/ledger-invariants';
import { startSyncHarness, type SyncHarness } from '../test-support/sync-harness';

const run = promisify(execFile);

let h: SyncHarness;
beforeAll(async () => {
  h = await startSyncHarness();
});
afterAll(async () => {
  await h?.close();
});

async function appliedOps(tillId: string): Promise<number> {
  return count(h.database.db, 'SELECT count(*) AS n FROM applied_ops WHERE tenant_id = $1 AND terminal_id = $2', [h.tenantId, tillId]);
}

describe('a till cut off for days', () => {
  it('exports its pending ops to a file the server imports, and its later push applies nothing twice', async () => {
    const tillId = h.chain.tills[0]?.id as string;
    const till = h.till(tillId);
    await till.agent.syncNow();
    const product = h.chain.products.find((p) => p.active && p.unit === 'each' && till.onHand(p.id) >= 5000) as DemoProduct;
    const storeId = till.temp.backend.db.config().storeId;
    const serverBefore = await h.serverOnHand(storeId, product.id);

    h.proxy.mode = 'refuse';
    for (let i = 0; i < 4; i++) till.sell(product.id, 1000);
    await till.agent.syncNow();
    expect(countPendingOps(till.temp.backend.db)).toBe(4);

    // The till's own command line, as a separate process, on the live database file.
    const out = join(till.temp.dir, 'pending-ops.json');
    const cli = join(process.cwd(), 'electron/cli/export-ops.ts');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', cli, '--db', till.temp.dbPath, '--out', out]);
    expect(stdout).toMatch(/exported 4 pending op\(s\)/);
    const refused = await run(process.execPath, ['--import', 'tsx', cli, '--db', till.temp.dbPath, '--out', out]).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/already exists/) });
    expect(countPendingOps(till.temp.backend.db)).toBe(4); // exporting does not take them out of the queue

    // Head office runs its admin command on the file, against the same database the server uses.
    const admin = join(process.cwd(), 'sync-server/admin/cli.ts');
    const importRun = await run(process.execPath, ['--import', 'tsx', admin, 'import-ops', out], { env: { ...process.env, DATABASE_URL: h.database.url } });
    expect(JSON.parse(importRun.stdout)).toEqual({ ackSeq: 4, counts: { accepted: 4 } });
    expect(await appliedOps(tillId)).toBe(4);
    expect(await h.serverOnHand(storeId, product.id)).toBe(serverBefore - 4000);
    // A second import of the same file (someone ran it twice) changes nothing either.
    const again = await importOps(h.database.db, readFileSync(out, 'utf8'));
    expect(again.results.every((r) => r.duplicate)).toBe(true);

    h.proxy.mode = 'forward';
    h.proxy.requests.length = 0;
    await till.agent.syncNow();
    expect(till.agent.details()).toMatchObject({ online: true, queued: 0, lastError: null });
    expect(h.proxy.pushes().map((r) => r.seqs)).toEqual([[1, 2, 3, 4]]);
    expect(await appliedOps(tillId)).toBe(4);
    expect(await h.serverOnHand(storeId, product.id)).toBe(serverBefore - 4000);
    expect(till.onHand(product.id)).toBe(serverBefore - 4000);
    expect(ledgerViolations(till.temp.backend.db)).toEqual([]);
    expect(await ledgerMismatches(h.database.db, h.tenantId)).toEqual([]);
  });
});

describe('an op the server can never apply', () => {
  it('is rejected without blocking the queue, reported, and its local effect taken back', async () => {
    const tillId = h.chain.tills[1]?.id as string;
    const till = h.till(tillId);
    await till.agent.syncNow();
    const sellable = h.chain.products.filter((p) => p.active && p.unit === 'each' && till.onHand(p.id) >= 2000);
    const doomed = sellable.at(-1) as DemoProduct;
    const fine = sellable.at(-2) as DemoProduct;
    const storeId = till.temp.backend.db.config().storeId;
    const doomedBefore = till.onHand(doomed.id);

    // A sale by a user the server has never heard of (a till database restored from another chain's backup,
    // say): the server rejects it with UNKNOWN_USER whatever is retried. A sale of a product deleted at head
    // office is no longer such an op: the goods left the shop, so the server applies it (issue 7 item 15).
    const ghost = { id: uuidv7(), name: 'Ghost', role: 'cashier' as const, pinHash: till.temp.backend.db.stmt<[string], { pin_hash: string }>('SELECT pin_hash FROM users WHERE id = ?').get(till.cashier.id)?.pin_hash ?? '' };
    upsertUsers(till.temp.backend.db, [ghost]);
    const price = till.temp.backend.db.stmt<[string], { price: number }>('SELECT price FROM products WHERE id = ?').get(doomed.id)?.price ?? 0;
    completeSale(
      till.temp.backend.db,
      { saleId: uuidv7(), lines: [{ productId: doomed.id, qty: 1000 }], tenders: [{ method: 'cash', amount: Math.max(1, price) }] },
      { userId: ghost.id, managerId: null },
      new Date(),
    );
    till.sell(fine.id, 1000);
    await till.agent.syncNow();

    expect(till.agent.details()).toMatchObject({ online: true, queued: 0, rejected: 1 });
    expect(till.agent.status().lastError).toMatch(/1 operation was rejected by the server recently \(latest: sale #1: /);
    const statuses = till.temp.backend.db.db.prepare("SELECT json_extract(result, '$.status') FROM ops ORDER BY seq").pluck().all();
    expect(statuses).toEqual(['rejected', 'accepted']);
    expect(till.onHand(doomed.id)).toBe(doomedBefore);
    expect(till.onHand(fine.id)).toBe(await h.serverOnHand(storeId, fine.id));
    expect(till.onHand(doomed.id)).toBe(await h.serverOnHand(storeId, doomed.id));
    expect(ledgerViolations(till.temp.backend.db)).toEqual([]);
    // Results arrive again with the pull: nothing is taken back twice.
    await till.agent.syncNow();
    expect(till.onHand(doomed.id)).toBe(doomedBefore);
  });
});
