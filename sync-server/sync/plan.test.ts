import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import type { Operation } from '../../shared/ops/operations';
import type { TenantPolicy } from '../../shared/policy/conflict-policy';
import type { LockedLevel, PreparedOp } from './plan';
import { orderOps, planOps } from './plan';
import { fingerprint } from './op-fingerprint';
import { foldMovements, movementRule } from '../../shared/domain/movement';

const TILL = uuidv7();
const STORE = uuidv7();
const USER = uuidv7();
const PRODUCTS = [uuidv7(), uuidv7(), uuidv7()];
const BASE = Date.UTC(2026, 2, 2, 8);
/** the op of the count another till applied before the chunk, where a test starts from a counted shelf */
const COUNT_OP = uuidv7();

type Spec =
  | { kind: 'sale'; lines: Array<{ p: number; q: number }>; contact: boolean; minute: number }
  | { kind: 'receipt'; p: number; q: number; minute: number }
  | { kind: 'waste'; p: number; q: number; minute: number }
  | { kind: 'count'; p: number; counted: number; minute: number };

const qty = fc.integer({ min: 1, max: 5 }).map((n) => n * 1000);
const product = fc.integer({ min: 0, max: PRODUCTS.length - 1 });
const minute = fc.integer({ min: 0, max: 600 });
const spec: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('sale' as const), lines: fc.array(fc.record({ p: product, q: qty }), { minLength: 1, maxLength: 3 }), contact: fc.boolean(), minute }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('receipt' as const), p: product, q: qty, minute }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('waste' as const), p: product, q: qty, minute }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('count' as const), p: product, counted: fc.integer({ min: 0, max: 10 }).map((n) => n * 1000), minute }) },
);

function toOps(specs: Spec[]): PreparedOp[] {
  return specs.map((s, i) => {
    const env = { id: uuidv7(), tillId: TILL, seq: i + 1, userId: USER, occurredAt: new Date(BASE + s.minute * 60_000).toISOString(), schemaVersion: 1 };
    let op: Operation;
    switch (s.kind) {
      case 'sale':
        op = {
          ...env,
          type: 'sale',
          payload: {
            saleId: uuidv7(),
            currency: 'USD',
            lines: s.lines.map((l) => ({ lineId: uuidv7(), productId: PRODUCTS[l.p]!, qty: l.q, unitPrice: 100, total: l.q / 10 })),
            tenders: [],
            total: 0,
            change: 0,
            ...(s.contact ? { customerContact: { name: 'Ali' } } : {}),
          },
        };
        break;
      case 'receipt':
        op = { ...env, type: 'receipt', payload: { receiptId: uuidv7(), lines: [{ productId: PRODUCTS[s.p]!, qty: s.q }] } };
        break;
      case 'waste':
        op = { ...env, type: 'waste', payload: { wasteId: uuidv7(), lines: [{ productId: PRODUCTS[s.p]!, qty: s.q, reason: 'damaged' }] } };
        break;
      case 'count':
        op = { ...env, type: 'stocktake', payload: { stocktakeId: uuidv7(), counts: [{ productId: PRODUCTS[s.p]!, counted: s.counted, before: 0 }] } };
        break;
    }
    return { raw: { ...op, payload: op.payload }, op, preRejection: null, contentHash: fingerprint(op) };
  });
}

function plan(specs: Spec[], policy: TenantPolicy, start: number, countedAt: Date | null = null, reserved = 0) {
  const atStore = new Map<string, LockedLevel>(PRODUCTS.map((p) => [p, { onHand: start, reserved, inTransit: 0, quarantined: 0, countedAt, countedBy: countedAt === null ? null : COUNT_OP }]));
  const receivedAt = new Date(BASE + 700 * 60_000);
  const ops = toOps(specs);
  return planOps({
    policy,
    receivedAt,
    ops,
    storeId: STORE,
    levels: new Map([[STORE, atStore]]),
    knownProducts: new Set(PRODUCTS),
    deletedProducts: new Set(),
    users: new Map([[USER, { role: 'manager', active: true }]]),
    orderedAt: orderOps(ops, null, receivedAt),
    enrolledAt: null,
    existingDocuments: new Map(),
    storedEffectAfter: () => 0,
    newId: uuidv7,
  });
}

describe('planOps', () => {
  it('keeps every level equal to its starting value plus its planned movements, and answers every op', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 40 }), fc.constantFrom<TenantPolicy>({ oversell: 'reverse_later_sale' }, { oversell: 'accept_negative_for_walk_in' }), (specs, policy) => {
        const p = plan(specs, policy, 6000);
        expect(p.ops).toHaveLength(specs.length);
        for (const [productId, level] of p.levels.get(STORE) ?? []) {
          // The oracle: the domain's own fold of the planned movements, over all four quantities.
          const { countedAt: _a, countedBy: _b, ...after } = level.after;
          expect(after).toEqual(foldMovements(p.movements.filter((m) => m.productId === productId).map((m) => m.movement), level.before));
        }
        for (const m of p.movements) expect(m.delta).toEqual(movementRule(m.movement).delta);
      }),
    );
  });

  it('under the default policy, sales and receipts alone never take a level below zero', () => {
    const salesAndReceipts = spec.filter((s) => s.kind === 'sale' || s.kind === 'receipt');
    fc.assert(
      fc.property(fc.array(salesAndReceipts, { maxLength: 40 }), (specs) => {
        const p = plan(specs, { oversell: 'reverse_later_sale' }, 4000);
        for (const level of p.levels.get(STORE)?.values() ?? []) expect(level.after.onHand).toBeGreaterThanOrEqual(0);
        const reversedLines = p.ops.flatMap((o) => o.result.lines).filter((l) => l.action === 'reverse').length;
        expect(p.conflicts).toHaveLength(reversedLines);
        expect(p.movements.filter((m) => m.movement.kind === 'REVERSAL')).toHaveLength(reversedLines);
      }),
    );
  });

  it('a sale the count already saw leaves the level at the count', () => {
    // Another till counted the shelf at minute 60 (2 left); this till's sale at minute 30 reaches the server later.
    const p = plan([{ kind: 'sale', lines: [{ p: 0, q: 5000 }], contact: true, minute: 30 }], { oversell: 'reverse_later_sale' }, 2000, new Date(BASE + 60 * 60_000));
    expect(p.levels.get(STORE)?.get(PRODUCTS[0]!)?.after.onHand).toBe(2000);
    expect(p.ops[0]?.result.status).toBe('accepted');
    expect(p.movements.map((m) => m.movement.kind)).toEqual(['SALE', 'ADJUST']);
    // The sale is the op's; the offset is the system's, and names the count it defers to.
    expect(p.movements.map((m) => m.cause)).toEqual([
      { kind: 'op', opId: p.ops[0]?.raw.id },
      { kind: 'count_offset', ref: COUNT_OP },
    ]);
  });

  it('keeps a sale from before the count even when the count left less than nothing available', () => {
    // Counted 0 at minute 60 with 2 reserved; this till's sale of 5 at minute 30 reaches the server later.
    const levels = plan([{ kind: 'sale', lines: [{ p: 0, q: 5000 }], contact: true, minute: 30 }], { oversell: 'reverse_later_sale' }, 0, new Date(BASE + 60 * 60_000), 2000);
    expect(levels.ops[0]?.result.status).toBe('accepted');
    expect(levels.levels.get(STORE)?.get(PRODUCTS[0]!)?.after.onHand).toBe(0);
    expect(levels.conflicts).toEqual([]);
  });

  it('writes a count that applied as the shelf’s latest, so a later offset refers to it', () => {
    const p = plan(
      [
        { kind: 'count', p: 0, counted: 2000, minute: 60 },
        { kind: 'receipt', p: 0, q: 1000, minute: 90 },
      ],
      { oversell: 'reverse_later_sale' },
      9000,
    );
    const level = p.levels.get(STORE)?.get(PRODUCTS[0]!);
    expect(level?.after.countedBy).toBe(p.ops[0]?.raw.id);
    expect(level?.after.onHand).toBe(3000);
    expect(p.movements.every((m) => m.cause.kind === 'op')).toBe(true);
  });

  it('a till cannot date its own sale before its own earlier count: seq order wins over its clock', () => {
    const p = plan(
      [
        { kind: 'count', p: 0, counted: 2000, minute: 60 },
        { kind: 'sale', lines: [{ p: 0, q: 1000 }], contact: true, minute: 30 },
      ],
      { oversell: 'reverse_later_sale' },
      9000,
    );
    expect(p.levels.get(STORE)?.get(PRODUCTS[0]!)?.after.onHand).toBe(1000);
    expect(p.movements.map((m) => m.movement.kind)).toEqual(['STOCKTAKE', 'SALE']);
  });
});
