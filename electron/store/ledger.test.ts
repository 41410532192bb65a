import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EMPTY_LEVEL, type Level, type Movement } from '../../shared/domain/movement';
import { SYSTEM_CAUSE_KINDS } from '../../shared/domain/movement-cause';
import { naiveAllowed, naiveApply } from '../../shared/domain/test-support/naive-level';
import { openTillStore, type TillStore } from './database';
import { applyMovement, readLevel, systemCause } from './ledger';

/**
 * The SQL guard is built generically from the shared Guard object. This checks SQLite against an independent,
 * hand-written model of every movement kind (shared/domain/test-support/naive-level.ts), not against the shared
 * rule it is built from: a wrong delta, a wrong guard, or a wrong translation into SQL fails here.
 */
let dir: string;
let store: TillStore;
const PRODUCT = '00000000-0000-4000-8000-000000000001';
const LOCATION = '00000000-0000-4000-8000-000000000002';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'till-ledger-'));
  store = openTillStore(join(dir, 'ledger.db'));
  store.db.prepare("INSERT INTO locations (id, name, kind) VALUES (?, 'Shop', 'store')").run(LOCATION);
  store.db
    .prepare(
      `INSERT INTO products (id, sku, name, search_text, unit, price, currency, low_stock_threshold, reorder_point, reorder_qty, lead_time_days, active)
       VALUES (?, 'SKU', 'Thing', 'thing sku', 'each', 100, 'USD', 0, 0, 0, 0, 1)`,
    )
    .run(PRODUCT);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const qty = fc.integer({ min: 1, max: 20 }).map((n) => n * 1000);
const reversible = fc.constantFrom('RECEIVE', 'SALE', 'RETURN', 'WASTE', 'TRANSFER_IN', 'RESERVE', 'RELEASE', 'FULFIL', 'QUARANTINE', 'RELEASE_QUARANTINE', 'TRANSFER_OUT') as fc.Arbitrary<
  Exclude<Movement['kind'], 'ADJUST' | 'STOCKTAKE' | 'REVERSAL'>
>;
const movement: fc.Arbitrary<Movement> = fc.oneof(
  fc.record({ kind: reversible, qty, leg: fc.constantFrom('source', 'destination') as fc.Arbitrary<'source' | 'destination'> }).map((m) =>
    m.kind === 'TRANSFER_OUT' ? { kind: 'TRANSFER_OUT', qty: m.qty, leg: m.leg } : { kind: m.kind, qty: m.qty },
  ) as fc.Arbitrary<Movement>,
  fc.integer({ min: -20, max: 20 }).filter((n) => n !== 0).map((n): Movement => ({ kind: 'ADJUST', qty: n * 1000 })),
  fc.record({ reverses: reversible, qty }).map((m): Movement => ({ kind: 'REVERSAL', qty: m.qty, reverses: m.reverses })),
);

/** A system cause (an op cause needs an op row; the write paths' tests check those: movement-causes.test.ts). */
const cause = fc.record({ kind: fc.constantFrom(...SYSTEM_CAUSE_KINDS), ref: fc.string({ minLength: 1, maxLength: 12 }) });

describe('applyMovement in SQLite', () => {
  it('accepts and refuses exactly as a hand-written model of each kind, and lands on the same level', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ movement, unguarded: fc.boolean(), cause }), { minLength: 1, maxLength: 30 }), (steps) => {
        store.db.exec('SAVEPOINT prop');
        try {
          let model: Level = EMPTY_LEVEL;
          let accepted = 0;
          const causes: Array<[string, string]> = [];
          for (const step of steps) {
            const allowed = step.unguarded || naiveAllowed(model, step.movement);
            const actual = applyMovement(store, {
              productId: PRODUCT,
              locationId: LOCATION,
              movement: step.movement,
              cause: systemCause(step.cause.kind, step.cause.ref),
              occurredAt: '2026-01-01T00:00:00.000Z',
              unguarded: step.unguarded,
            });
            expect(actual.ok, `${JSON.stringify(step)} from ${JSON.stringify(model)}`).toBe(allowed);
            if (allowed) {
              model = naiveApply(model, step.movement);
              accepted++;
              causes.push([step.cause.kind, step.cause.ref]);
            }
            expect(readLevel(store, PRODUCT, LOCATION) ?? EMPTY_LEVEL).toEqual(model);
          }
          // One movement row per accepted step, none for a refused one.
          expect(store.db.prepare('SELECT count(*) FROM movements').pluck().get()).toBe(accepted);
          // Each row keeps the cause it was written with, and names no op.
          expect(store.db.prepare('SELECT cause_kind, cause_ref FROM movements WHERE op_seq IS NULL ORDER BY id').raw().all()).toEqual(causes);
        } finally {
          store.db.exec('ROLLBACK TO prop; RELEASE prop');
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a sale from an empty level without writing, and records it unguarded when told', () => {
    const target = { productId: PRODUCT, locationId: LOCATION, movement: { kind: 'SALE', qty: 1000 } as Movement, cause: systemCause('reconciliation', 'ledger.test'), occurredAt: 'now' };
    store.db.exec('SAVEPOINT t');
    try {
      const refused = applyMovement(store, target);
      expect(refused.ok).toBe(false);
      expect(store.db.prepare('SELECT count(*) FROM movements').pluck().get()).toBe(0);
      expect(store.db.prepare('SELECT count(*) FROM levels').pluck().get()).toBe(0);
      const forced = applyMovement(store, { ...target, unguarded: true });
      expect(forced).toMatchObject({ ok: true, level: { onHand: -1000 } });
    } finally {
      store.db.exec('ROLLBACK TO t; RELEASE t');
    }
  });
});
