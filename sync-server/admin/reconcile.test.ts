import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from '../test-support/test-db';
import { createTestDatabase } from '../test-support/test-db';
import type { TestChain } from '../test-support/fixtures';
import { count, seedTestChain, testProduct } from '../test-support/fixtures';
import { listenApp, tillsOf } from '../test-support/harness';
import { drainQueue } from '../test-support/drain';
import { tryLockReconciliation } from '../db/locks';
import { putProducts, reconcileTenant } from './service';
import type { ReconcileOutcome, ReconciliationReport } from './service';
import { EXIT_DRIFT, runCommand } from './cli';

/**
 * Reconciliation on the real PostgreSQL. The oracle is what each test wrote: the chain's opening stock (10,000 at
 * each store, 50,000 at the warehouse, 5 products at 3 locations = 15 levels), the sales it replayed, and the
 * numbers it forced behind the ledger's back.
 */
let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

const LEVELS_PER_CHAIN = 15;

function done(outcome: ReconcileOutcome): ReconciliationReport {
  if (outcome.status !== 'done') throw new Error(`expected a run, got ${outcome.status}`);
  return outcome.report;
}

async function forceLevel(chain: TestChain, locationId: string, productIndex: number, set: string): Promise<void> {
  // a direct write, bypassing the engine: what the check exists to find
  await tdb.db.query(`UPDATE levels SET ${set} WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3`, [
    chain.tenantId,
    locationId,
    chain.products[productIndex]!.id,
  ]);
}

const zero = { onHand: 0, reserved: 0, inTransit: 0, quarantined: 0 };

describe('reconciliation', () => {
  it('finds no drift on a chain whose levels moved only through the engine, and says how many levels it checked', async () => {
    const chain = await seedTestChain(tdb.db);
    const { app, url } = await listenApp(tdb.db);
    try {
      const [till] = tillsOf(chain, url);
      const p = chain.products;
      await drainQueue(till!, [
        till!.sale([{ productId: p[0]!.id, qty: 1500 }, { productId: p[1]!.id, qty: 250 }]),
        till!.waste([{ productId: p[2]!.id, qty: 1000 }]),
        till!.adjustment([{ productId: p[3]!.id, delta: 4000 }]),
      ]);
    } finally {
      await app.close();
    }
    const report = done(await reconcileTenant(tdb.db, chain.tenantId));
    expect(report.levelsChecked).toBe(LEVELS_PER_CHAIN);
    expect(report.drifts).toEqual([]);
    const runs = await tdb.db.query('SELECT levels_checked, drifts, trigger FROM reconciliation_runs WHERE tenant_id = $1', [chain.tenantId]);
    expect(runs.rows).toEqual([{ levels_checked: LEVELS_PER_CHAIN, drifts: 0, trigger: 'manual' }]);
  });

  it('reports a level changed behind the ledger in any of its four quantities, with both sets of numbers, and corrects nothing', async () => {
    const chain = await seedTestChain(tdb.db);
    const other = await seedTestChain(tdb.db);
    await forceLevel(chain, chain.storeA, 0, 'on_hand = on_hand + 7');
    await forceLevel(chain, chain.storeA, 1, 'reserved = 1000');
    await forceLevel(chain, chain.storeB, 2, 'in_transit = -3000');
    await forceLevel(chain, chain.warehouse, 3, 'quarantined = 250');

    const report = done(await reconcileTenant(tdb.db, chain.tenantId));
    expect(report.levelsChecked).toBe(LEVELS_PER_CHAIN);
    const expected = [
      { locationId: chain.storeA, productId: chain.products[0]!.id, level: { ...zero, onHand: 10_007 }, ledger: { ...zero, onHand: 10_000 } },
      { locationId: chain.storeA, productId: chain.products[1]!.id, level: { ...zero, onHand: 10_000, reserved: 1000 }, ledger: { ...zero, onHand: 10_000 } },
      { locationId: chain.storeB, productId: chain.products[2]!.id, level: { ...zero, onHand: 10_000, inTransit: -3000 }, ledger: { ...zero, onHand: 10_000 } },
      { locationId: chain.warehouse, productId: chain.products[3]!.id, level: { ...zero, onHand: 50_000, quarantined: 250 }, ledger: { ...zero, onHand: 50_000 } },
    ];
    const byKey = (a: { locationId: string; productId: string }, b: { locationId: string; productId: string }): number =>
      (a.locationId + a.productId).localeCompare(b.locationId + b.productId);
    expect([...report.drifts].sort(byKey)).toEqual(expected.sort(byKey));

    // recorded with the run, both sets of numbers
    const recorded = await tdb.db.query(
      `SELECT location_id, product_id, level_on_hand, level_reserved, level_in_transit, level_quarantined,
              ledger_on_hand, ledger_reserved, ledger_in_transit, ledger_quarantined
         FROM reconciliation_drifts WHERE run_id = $1 AND product_id = $2`,
      [report.runId, chain.products[1]!.id],
    );
    expect(recorded.rows).toEqual([
      { location_id: chain.storeA, product_id: chain.products[1]!.id, level_on_hand: 10_000, level_reserved: 1000, level_in_transit: 0, level_quarantined: 0,
        ledger_on_hand: 10_000, ledger_reserved: 0, ledger_in_transit: 0, ledger_quarantined: 0 },
    ]);
    expect(await count(tdb.db, 'SELECT drifts AS n FROM reconciliation_runs WHERE id = $1', [report.runId])).toBe(4);
    // nothing was corrected: the level keeps its forced value and no movement was written
    expect(await count(tdb.db, 'SELECT on_hand AS n FROM levels WHERE tenant_id = $1 AND location_id = $2 AND product_id = $3', [chain.tenantId, chain.storeA, chain.products[0]!.id])).toBe(10_007);
    expect(await count(tdb.db, "SELECT count(*) AS n FROM movements WHERE tenant_id = $1 AND cause_kind = 'reconciliation'", [chain.tenantId])).toBe(0);
    // the other tenant's ledger is its own
    expect(done(await reconcileTenant(tdb.db, other.tenantId)).drifts).toEqual([]);
  });

  it('reports movements that have no level row', async () => {
    const chain = await seedTestChain(tdb.db);
    const orphan = testProduct(99);
    await putProducts(tdb.db, chain.tenantId, [orphan]);
    await tdb.db.query(
      `INSERT INTO movements (tenant_id, location_id, product_id, kind, qty, d_on_hand, d_reserved, occurred_at, cause_kind, cause_ref)
       VALUES ($1, $2, $3, 'RECEIVE', 5000, 5000, 1000, now(), 'opening_stock', 'test: no level row')`,
      [chain.tenantId, chain.storeB, orphan.id],
    );
    const report = done(await reconcileTenant(tdb.db, chain.tenantId));
    expect(report.levelsChecked).toBe(LEVELS_PER_CHAIN);
    expect(report.drifts).toEqual([{ locationId: chain.storeB, productId: orphan.id, level: null, ledger: { ...zero, onHand: 5000, reserved: 1000 } }]);
    const recorded = await tdb.db.query('SELECT level_on_hand, ledger_on_hand FROM reconciliation_drifts WHERE run_id = $1', [report.runId]);
    expect(recorded.rows).toEqual([{ level_on_hand: null, ledger_on_hand: 5000 }]);
  });

  it('does not start a second run of a tenant while one holds its lock', async () => {
    const chain = await seedTestChain(tdb.db);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: (v: boolean) => void;
    const gotLock = new Promise<boolean>((r) => (locked = r));
    // the first run, as another server process holds it: the same lock, kept open
    const first = tdb.db.transaction(async (tx) => {
      locked(await tryLockReconciliation(tx, chain.tenantId));
      await held;
    });
    expect(await gotLock).toBe(true);
    try {
      expect(await reconcileTenant(tdb.db, chain.tenantId)).toEqual({ status: 'busy', tenantId: chain.tenantId });
      expect(await count(tdb.db, 'SELECT count(*) AS n FROM reconciliation_runs WHERE tenant_id = $1', [chain.tenantId])).toBe(0);
    } finally {
      release();
      await first;
    }
    expect((await reconcileTenant(tdb.db, chain.tenantId)).status).toBe('done');
  });

  it('refuses to edit or delete a recorded run', async () => {
    const chain = await seedTestChain(tdb.db);
    const report = done(await reconcileTenant(tdb.db, chain.tenantId));
    await expect(tdb.db.query('UPDATE reconciliation_runs SET drifts = 1 WHERE id = $1', [report.runId])).rejects.toThrow(/append-only/);
    await expect(tdb.db.query('DELETE FROM reconciliation_runs WHERE id = $1', [report.runId])).rejects.toThrow(/append-only/);
  });
});

describe('admin reconcile', () => {
  const cli = join(dirname(fileURLToPath(import.meta.url)), 'cli.ts');
  const runCli = (args: string[]): { status: number | null; stdout: string } => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { env: { ...process.env, DATABASE_URL: tdb.url }, encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stdout: r.stdout };
  };

  it('exits 0 on a clean tenant with the count of levels checked, and non-zero naming the drift when there is one', async () => {
    const clean = await seedTestChain(tdb.db);
    const ok = runCli(['reconcile', '--tenant', clean.tenantId]);
    expect(ok.status).toBe(0);
    const okReport = JSON.parse(ok.stdout) as { levelsChecked: number; drifts: number; summary: string[] };
    expect(okReport.levelsChecked).toBe(LEVELS_PER_CHAIN);
    expect(okReport.drifts).toBe(0);
    expect(okReport.summary[0]).toMatch(/15 levels checked .* no drift/);

    const drifted = await seedTestChain(tdb.db);
    await forceLevel(drifted, drifted.storeB, 4, 'on_hand = 0');
    const bad = runCli(['reconcile', '--tenant', drifted.tenantId]);
    expect(bad.status).toBe(EXIT_DRIFT);
    const badReport = JSON.parse(bad.stdout) as { drifts: number; runs: Array<{ drifts: unknown[] }> };
    expect(badReport.drifts).toBe(1);
    expect(badReport.runs[0]!.drifts).toEqual([
      { locationId: drifted.storeB, productId: drifted.products[4]!.id, level: zero, ledger: { ...zero, onHand: 10_000 } },
    ]);
  });

  it('without --tenant checks every tenant', async () => {
    const tenants = await count(tdb.db, 'SELECT count(*) AS n FROM tenants');
    const r = (await runCommand(tdb.db, ['reconcile'])) as { runs: unknown[]; exitCode: number };
    expect(r.runs).toHaveLength(tenants);
    // earlier tests left drifted tenants in this database
    expect(r.exitCode).toBe(EXIT_DRIFT);
  });
});
