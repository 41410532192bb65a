import type { Figure } from './figures';
import { round } from './figures';
import { createTestDatabase } from '../sync-server/test-support/test-db';
import { reconcileTenant } from '../sync-server/admin/service';
import type { ReconciliationReport } from '../sync-server/admin/service';
import type { Db } from '../sync-server/db/db';

/**
 * Reconciliation against the real PostgreSQL (127.0.0.1:5432), in a database made and dropped for the run.
 *
 * A chain of 50 stores × 5,000 products (250,000 levels) with 5,000,000 movements over all four quantities,
 * seeded in SQL (generate_series), movements interleaved across levels as a day of trading writes them, the levels
 * then set to their sums, and the tables vacuumed as autovacuum would leave them.
 *
 * reconcile.ms: `reconcileTenant()` as the CLI and the nightly job run it (lock, the repository's check, the run
 * recorded with its audit row); compared in the same run with reconcile.bare_ms, one plain aggregate of the same
 * check (levels FULL JOIN the movements' sums, counted), no repository code. Median of 3 each, alternated, after
 * one warm-up of each. Then one level is changed behind the ledger and the check must name exactly that one.
 */
const STORES = 50;
const PRODUCTS = 5_000;
const MOVEMENTS_PER_LEVEL = 20;
const ROUNDS = 3;

async function seed(db: Db): Promise<{ tenantId: string; levels: number; movements: number }> {
  const tenantId = '0b0b0b0b-0000-4000-8000-000000000001';
  const levels = STORES * PRODUCTS;
  const movements = levels * MOVEMENTS_PER_LEVEL;
  await db.query(`INSERT INTO tenants (id, name, currency) VALUES ($1, 'Bench reconcile', 'USD')`, [tenantId]);
  await db.query(`INSERT INTO locations (tenant_id, id, name, kind) SELECT $1, gen_random_uuid(), 'Store ' || s, 'store' FROM generate_series(1, $2::int) s`, [tenantId, STORES]);
  await db.query(
    `INSERT INTO products (tenant_id, id, sku, name, unit, price, currency)
     SELECT $1, gen_random_uuid(), 'SKU-' || p, 'Product ' || p, 'each', 100 + p, 'USD' FROM generate_series(1, $2::int) p`,
    [tenantId, PRODUCTS],
  );
  // The movements' indexes are rebuilt after the bulk insert (from their own definitions): building one is
  // several times faster than maintaining it row by row, and leaves the same index.
  const indexes = await db.query<{ name: string; def: string }>(
    `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS def FROM pg_index
      WHERE indrelid = 'movements'::regclass AND NOT indisprimary`,
  );
  for (const ix of indexes.rows) await db.query(`DROP INDEX ${ix.name}`);
  await db.query(
    `INSERT INTO movements (tenant_id, location_id, product_id, kind, qty, d_on_hand, d_reserved, d_in_transit, d_quarantined, occurred_at, cause_kind, cause_ref)
     SELECT $1, k.locs[1 + (n % $2::int) / $3::int], k.prods[1 + (n % $2::int) % $3::int], 'ADJUST', 1000,
            (n % 7) * 1000 - 2000,
            CASE n % 5 WHEN 0 THEN 1000 WHEN 1 THEN -500 ELSE 0 END,
            CASE n % 11 WHEN 0 THEN 3000 WHEN 1 THEN -3000 ELSE 0 END,
            CASE n % 13 WHEN 0 THEN 250 ELSE 0 END,
            timestamptz '2026-01-01' + n * interval '1 second', 'opening_stock', 'bench'
       FROM (SELECT (SELECT array_agg(id ORDER BY name) FROM locations WHERE tenant_id = $1) AS locs,
                    (SELECT array_agg(id ORDER BY sku) FROM products WHERE tenant_id = $1) AS prods) k,
            generate_series(0, $4::int - 1) n`,
    [tenantId, levels, PRODUCTS, movements],
  );
  for (const ix of indexes.rows) await db.query(ix.def);
  await db.query(
    `INSERT INTO levels (tenant_id, location_id, product_id, on_hand, reserved, in_transit, quarantined)
     SELECT tenant_id, location_id, product_id, sum(d_on_hand), sum(d_reserved), sum(d_in_transit), sum(d_quarantined)
       FROM movements WHERE tenant_id = $1 GROUP BY tenant_id, location_id, product_id`,
    [tenantId],
  );
  await db.query('VACUUM ANALYZE movements');
  await db.query('VACUUM ANALYZE levels');
  return { tenantId, levels, movements };
}

/** The bare reference: the same check as one plain aggregate, counted. */
async function bareCheck(db: Db, tenantId: string): Promise<{ checked: number; drifts: number }> {
  const r = await db.query<{ checked: number; drifts: number }>(
    `SELECT count(l.product_id) AS checked,
            count(*) FILTER (WHERE l.product_id IS NULL OR l.on_hand <> COALESCE(s.on_hand, 0) OR l.reserved <> COALESCE(s.reserved, 0)
                                OR l.in_transit <> COALESCE(s.in_transit, 0) OR l.quarantined <> COALESCE(s.quarantined, 0)) AS drifts
       FROM (SELECT location_id, product_id, on_hand, reserved, in_transit, quarantined FROM levels WHERE tenant_id = $1) l
       FULL JOIN (SELECT location_id, product_id, sum(d_on_hand) AS on_hand, sum(d_reserved) AS reserved,
                         sum(d_in_transit) AS in_transit, sum(d_quarantined) AS quarantined
                    FROM movements WHERE tenant_id = $1 GROUP BY location_id, product_id) s
         ON s.location_id = l.location_id AND s.product_id = l.product_id`,
    [tenantId],
  );
  return { checked: Number(r.rows[0]?.checked), drifts: Number(r.rows[0]?.drifts) };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function report(db: Db, tenantId: string): Promise<ReconciliationReport> {
  const outcome = await reconcileTenant(db, tenantId, { actor: 'bench' });
  if (outcome.status !== 'done') throw new Error(`reconciliation did not run: ${outcome.status}`);
  return outcome.report;
}

export async function run(): Promise<Figure[]> {
  const tdb = await createTestDatabase('till_bench_reconcile', { poolSize: 2 });
  try {
    const seeded = await timed(() => seed(tdb.db));
    const { tenantId, levels, movements } = seeded.value;
    await report(tdb.db, tenantId);
    await bareCheck(tdb.db, tenantId);
    const ours: number[] = [];
    const bare: number[] = [];
    let clean = true;
    for (let i = 0; i < ROUNDS; i++) {
      const r = await timed(() => report(tdb.db, tenantId));
      ours.push(r.ms);
      clean &&= r.value.levelsChecked === levels && r.value.drifts.length === 0;
      const b = await timed(() => bareCheck(tdb.db, tenantId));
      bare.push(b.ms);
      clean &&= b.value.checked === levels && b.value.drifts === 0;
    }
    // one level changed behind the ledger: the check names it, and only it
    await tdb.db.query(
      `UPDATE levels SET quarantined = quarantined + 1
        WHERE (tenant_id, location_id, product_id) = (SELECT tenant_id, location_id, product_id FROM levels WHERE tenant_id = $1 ORDER BY location_id, product_id LIMIT 1)`,
      [tenantId],
    );
    const drifted = await report(tdb.db, tenantId);
    const found = drifted.drifts.length === 1 && drifted.drifts[0]?.level !== null && drifted.drifts[0]!.level.quarantined === drifted.drifts[0]!.ledger.quarantined + 1;
    const oursMs = median(ours);
    const bareMs = median(bare);
    return [
      { name: 'reconcile.ms', value: round(oursMs, 0), unit: 'ms', target: '<= 125% of bare, clean chain: 0 drift', met: oursMs <= 1.25 * bareMs && clean },
      { name: 'reconcile.bare_ms', value: round(bareMs, 0), unit: 'ms' },
      { name: 'reconcile.levels', value: levels, unit: 'levels' },
      { name: 'reconcile.movements', value: movements, unit: 'movements' },
      { name: 'reconcile.seed_s', value: round(seeded.ms / 1000, 1), unit: 's', target: '< 120 s', met: seeded.ms < 120_000 },
      { name: 'reconcile.finds_drift', value: found ? 1 : 0, unit: 'bool', target: '1', met: found },
    ];
  } finally {
    await tdb.drop();
  }
}
