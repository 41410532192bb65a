import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_LEVEL, type Level } from './movement';
import { naiveApply } from './test-support/naive-level';
import {
  assertDispatchable,
  assertReceipt,
  assertStep,
  assertTransferRequest,
  discrepancies,
  dispatchMovements,
  openDifferences,
  receiptMovements,
  resolutionMisfit,
  resolutionMovements,
  resolvingEnd,
  transferStatus,
  type PlacedMovement,
  type ReceiptLine,
  type TransferRecord,
} from './transfer';

const LOCATIONS = ['warehouse', 'store-a', 'store-b'] as const;
const PRODUCTS = ['p1', 'p2'] as const;
const ends = { sourceId: 'warehouse', destinationId: 'store-a' };

/** Levels by `location/product`, moved by the hand-written oracle (test-support/naive-level.ts), never by movement.ts. */
function applyAll(levels: Map<string, Level>, moves: readonly PlacedMovement[]): void {
  for (const m of moves) {
    const key = `${m.locationId}/${m.productId}`;
    levels.set(key, naiveApply(levels.get(key) ?? EMPTY_LEVEL, m.movement));
  }
}
const stockOf = (levels: Map<string, Level>, productId: string): number =>
  [...levels.entries()].filter(([k]) => k.endsWith(`/${productId}`)).reduce((a, [, l]) => a + l.onHand + l.inTransit, 0);

describe('a transfer between two locations', () => {
  it('moves on hand to in transit at dispatch and in transit to on hand at receipt, damaged goods into quarantine', () => {
    const levels = new Map<string, Level>([['warehouse/p1', { ...EMPTY_LEVEL, onHand: 10_000 }]]);
    applyAll(levels, dispatchMovements(ends, [{ productId: 'p1', qty: 6_000 }]));
    expect(levels.get('warehouse/p1')).toEqual({ ...EMPTY_LEVEL, onHand: 4_000 });
    expect(levels.get('store-a/p1')).toEqual({ ...EMPTY_LEVEL, inTransit: 6_000 });
    applyAll(levels, receiptMovements('store-a', [{ productId: 'p1', received: 4_000, damaged: 1_000 }]));
    // 5 of 6 arrived, 1 of them damaged: 5 on hand, 1 of those held back, 1 still in transit and unexplained
    expect(levels.get('store-a/p1')).toEqual({ onHand: 5_000, reserved: 0, inTransit: 1_000, quarantined: 1_000 });
    expect(discrepancies([{ productId: 'p1', qty: 6_000 }], [{ productId: 'p1', received: 4_000, damaged: 1_000 }])).toEqual([
      { productId: 'p1', sent: 6_000, received: 4_000, damaged: 1_000, short: 1_000, over: 0 },
    ]);
  });

  it('leaves a shortfall in a named state until it is written off or returned, and says which', () => {
    const record: TransferRecord = {
      approved: true,
      cancelled: false,
      closed: false,
      dispatches: [[{ productId: 'p1', qty: 6_000 }]],
      receipts: [[{ productId: 'p1', received: 5_000, damaged: 0 }]],
      resolutions: [],
    };
    expect(transferStatus(record)).toBe('discrepancy');
    expect(openDifferences(record)).toEqual([{ productId: 'p1', short: 1_000, over: 0 }]);
    const settled = { ...record, resolutions: [{ kind: 'write_off' as const, productId: 'p1', qty: 1_000 }] };
    expect(transferStatus(settled)).toBe('received');
    expect(transferStatus({ ...settled, closed: true })).toBe('closed');
    // the write-off takes the lost unit out of transit at the destination, and nothing else
    expect(resolutionMovements(ends, settled.resolutions[0]!)).toEqual([
      { locationId: 'store-a', productId: 'p1', movement: { kind: 'REVERSAL', qty: 1_000, reverses: 'TRANSFER_OUT', leg: 'destination' } },
    ]);
  });

  it('shows head office a receipt the server has no dispatch for as two sides that disagree', () => {
    const record: TransferRecord = { approved: true, cancelled: false, closed: false, dispatches: [], receipts: [[{ productId: 'p1', received: 1_000, damaged: 0 }]], resolutions: [] };
    expect(transferStatus(record)).toBe('received_unsent');
  });

  it('refuses bad transfers and receipts with a clear error', () => {
    expect(() => assertTransferRequest({ sourceId: 'store-a', destinationId: 'store-a' }, [{ productId: 'p1', qty: 1_000 }])).toThrow(/another location/);
    expect(() => assertTransferRequest(ends, [{ productId: 'p1', qty: -1_000 }])).toThrow();
    expect(() => assertTransferRequest(ends, [])).toThrow(/at least one line/);
    expect(() => assertTransferRequest(ends, [{ productId: 'p1', qty: 1_000 }, { productId: 'p1', qty: 2_000 }])).toThrow(/twice/);
    // more than was sent, without saying so: refused; said: accepted
    expect(() => assertReceipt([{ productId: 'p1', qty: 1_000 }], [{ productId: 'p1', received: 2_000, damaged: 0 }])).toThrow(/more arrived than was sent/);
    expect(() => assertReceipt([{ productId: 'p1', qty: 1_000 }], [{ productId: 'p1', received: 2_000, damaged: 0, over: { reason: 'two cases on the pallet' } }])).not.toThrow();
    expect(() => assertReceipt([{ productId: 'p1', qty: 1_000 }], [{ productId: 'p2', received: 1_000, damaged: 0 }])).toThrow(/more arrived/);
    expect(() => assertReceipt(null, [{ productId: 'p1', received: -1, damaged: 0 }])).toThrow();
    expect(() => assertStep('sent', 'cancel')).toThrow(/cannot be cancelled/);
    expect(() => assertStep('approved', 'cancel')).not.toThrow();
    expect(() => assertStep('cancelled', 'dispatch')).toThrow();
  });
});

/** One event of a tenant's day, at any location: transfers' halves and resolutions among ordinary stock changes. */
type Event =
  | { kind: 'dispatch'; transfer: number; productId: string; qty: number }
  | { kind: 'receipt'; transfer: number; productId: string; received: number; damaged: number }
  | { kind: 'write_off'; transfer: number; productId: string; qty: number }
  | { kind: 'sale' | 'delivery'; locationId: string; productId: string; qty: number }
  | { kind: 'stocktake'; locationId: string; productId: string; counted: number; before: number };

const qty = fc.integer({ min: 1, max: 50 }).map((n) => n * 1_000);
const product = fc.constantFrom(...PRODUCTS);
const location = fc.constantFrom(...LOCATIONS);
const transfer = fc.integer({ min: 0, max: 2 });
const event: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ kind: fc.constant('dispatch' as const), transfer, productId: product, qty }),
  fc.record({ kind: fc.constant('receipt' as const), transfer, productId: product, received: qty, damaged: fc.constantFrom(0, 1_000) }),
  fc.record({ kind: fc.constant('write_off' as const), transfer, productId: product, qty }),
  fc.record({ kind: fc.constantFrom('sale' as const, 'delivery' as const), locationId: location, productId: product, qty }),
  fc.record({ kind: fc.constant('stocktake' as const), locationId: location, productId: product, counted: qty, before: qty }),
);
/** Transfer n goes between two fixed, different locations. */
const TRANSFER_ENDS = [
  { sourceId: 'warehouse', destinationId: 'store-a' },
  { sourceId: 'store-a', destinationId: 'store-b' },
  { sourceId: 'store-b', destinationId: 'warehouse' },
];

function movementsOf(e: Event): PlacedMovement[] {
  switch (e.kind) {
    case 'dispatch':
      return dispatchMovements(TRANSFER_ENDS[e.transfer]!, [{ productId: e.productId, qty: e.qty }]);
    case 'receipt': {
      const line: ReceiptLine = { productId: e.productId, received: e.received, damaged: e.damaged };
      return receiptMovements(TRANSFER_ENDS[e.transfer]!.destinationId, [line]);
    }
    case 'write_off':
      return resolutionMovements(TRANSFER_ENDS[e.transfer]!, { kind: 'write_off', productId: e.productId, qty: e.qty });
    case 'sale':
      return [{ locationId: e.locationId, productId: e.productId, movement: { kind: 'SALE', qty: e.qty } }];
    case 'delivery':
      return [{ locationId: e.locationId, productId: e.productId, movement: { kind: 'RECEIVE', qty: e.qty } }];
    case 'stocktake':
      return [{ locationId: e.locationId, productId: e.productId, movement: { kind: 'STOCKTAKE', qty: e.counted, before: e.before } }];
  }
}

/** What the tenant's stock of a product (on hand + in transit, everywhere) must change by: transfers' halves add nothing. */
function expectedChange(events: readonly Event[], productId: string): number {
  return events
    .filter((e) => e.productId === productId)
    .reduce((sum, e) => {
      switch (e.kind) {
        case 'delivery':
          return sum + e.qty;
        case 'sale':
          return sum - e.qty;
        case 'stocktake':
          return sum + e.counted - e.before;
        case 'write_off':
          return sum - e.qty; // the one transfer step that is a loss, and says so
        case 'dispatch':
        case 'receipt':
          return sum;
      }
    }, 0);
}

describe('transfers across a tenant (property)', () => {
  it('conserve on hand plus in transit: only sales, deliveries, counts and write-offs change it', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const levels = new Map<string, Level>();
        for (const e of events) applyAll(levels, movementsOf(e));
        for (const p of PRODUCTS) expect(stockOf(levels, p)).toBe(expectedChange(events, p));
      }),
      { numRuns: 300 },
    );
  });

  it('end in the same levels and the same transfer status whatever order the halves arrive in', () => {
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 40 }).chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }))),
        ([inOrder, shuffled]) => {
          const a = new Map<string, Level>();
          const b = new Map<string, Level>();
          for (const e of inOrder) applyAll(a, movementsOf(e));
          for (const e of shuffled) applyAll(b, movementsOf(e));
          const keys = new Set([...a.keys(), ...b.keys()]);
          for (const k of keys) expect(b.get(k) ?? EMPTY_LEVEL).toEqual(a.get(k) ?? EMPTY_LEVEL);
          for (let t = 0; t < TRANSFER_ENDS.length; t++) expect(transferStatus(recordOf(shuffled, t))).toBe(transferStatus(recordOf(inOrder, t)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

function recordOf(events: readonly Event[], t: number): TransferRecord {
  const mine = events.filter((e) => 'transfer' in e && e.transfer === t);
  return {
    approved: true,
    cancelled: false,
    closed: false,
    dispatches: mine.flatMap((e) => (e.kind === 'dispatch' ? [[{ productId: e.productId, qty: e.qty }]] : [])),
    receipts: mine.flatMap((e) => (e.kind === 'receipt' ? [[{ productId: e.productId, received: e.received, damaged: e.damaged }]] : [])),
    resolutions: mine.flatMap((e) => (e.kind === 'write_off' ? [{ kind: 'write_off' as const, productId: e.productId, qty: e.qty }] : [])),
  };
}

describe('settling a transfer whatever order its events come in', () => {
  const base: TransferRecord = { approved: true, cancelled: false, closed: false, dispatches: [[{ productId: 'p1', qty: 10_000 }]], receipts: [], resolutions: [] };

  it('shows a box that turns up after its units were written off as an excess that `found` settles', () => {
    const t: TransferRecord = {
      ...base,
      receipts: [[{ productId: 'p1', received: 8_000, damaged: 0 }], [{ productId: 'p1', received: 1_000, damaged: 0 }]],
      resolutions: [{ kind: 'write_off', productId: 'p1', qty: 2_000 }],
    };
    // 10 sent, 9 arrived, 2 written off: one more is accounted for than was sent
    expect(openDifferences(t)).toEqual([{ productId: 'p1', short: 0, over: 1_000 }]);
    expect(transferStatus(t)).toBe('discrepancy');
    expect(resolutionMisfit(t, { kind: 'found', productId: 'p1', qty: 1_000 })).toBeNull();
    expect(resolutionMisfit(t, { kind: 'write_off', productId: 'p1', qty: 1_000 })).toMatch(/still short/);
    const settled = { ...t, resolutions: [...t.resolutions, { kind: 'found' as const, productId: 'p1', qty: 1_000 }] };
    expect(openDifferences(settled)).toEqual([]);
    expect(transferStatus(settled)).toBe('received');
    // finding takes the write-off back: in transit up at the destination, nothing at the source
    expect(resolutionMovements(ends, { kind: 'found', productId: 'p1', qty: 1_000 })).toEqual([
      { locationId: 'store-a', productId: 'p1', movement: { kind: 'TRANSFER_OUT', qty: 1_000, leg: 'destination' } },
    ]);
  });

  it('refuses to find more than was written off, or to settle more than is open', () => {
    const over: TransferRecord = { ...base, receipts: [[{ productId: 'p1', received: 11_000, damaged: 0, over: { reason: 'extra case' } }]] };
    expect(resolutionMisfit(over, { kind: 'found', productId: 'p1', qty: 1_000 })).toMatch(/written off/);
    expect(resolutionMisfit(over, { kind: 'complete_dispatch', productId: 'p1', qty: 1_000 })).toBeNull();
    expect(resolutionMisfit(over, { kind: 'complete_dispatch', productId: 'p1', qty: 2_000 })).toMatch(/still over/);
    const short: TransferRecord = { ...base, receipts: [[{ productId: 'p1', received: 7_000, damaged: 0 }]] };
    expect(resolutionMisfit(short, { kind: 'return_to_source', productId: 'p1', qty: 3_000 })).toBeNull();
    expect(resolutionMisfit(short, { kind: 'write_off', productId: 'p1', qty: 3_001 })).toMatch(/only 3000/);
  });

  it('lets only the end whose stock a resolution moves settle it', () => {
    expect(resolvingEnd('write_off')).toBe('destination');
    expect(resolvingEnd('found')).toBe('destination');
    expect(resolvingEnd('return_to_source')).toBe('source');
    expect(resolvingEnd('complete_dispatch')).toBe('source');
  });

  it('ends with nothing open and levels conserved for any order of arrivals and late boxes, once settled', () => {
    // Oracle: the physical story. `sent` left the source; `arrived` (≤ sent + extra) reached the destination over
    // several receipts, some after a write-off of what was missing at the time.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 12 }), (arrivals, sent) => {
        let t: TransferRecord = { ...base, dispatches: [[{ productId: 'p1', qty: sent * 1000 }]] };
        for (const n of arrivals) {
          if (n > 0) t = { ...t, receipts: [...t.receipts, [{ productId: 'p1', received: n * 1000, damaged: 0, over: { reason: 'counted' } }]] };
          const open = openDifferences(t)[0];
          // settle what is open right now, as a manager would
          if (open !== undefined && open.short > 0) t = { ...t, resolutions: [...t.resolutions, { kind: 'write_off', productId: 'p1', qty: open.short }] };
          else if (open !== undefined && open.over > 0) {
            const found = Math.min(open.over, t.resolutions.reduce((a, r) => a + (r.kind === 'write_off' ? r.qty : r.kind === 'found' ? -r.qty : 0), 0));
            if (found > 0) t = { ...t, resolutions: [...t.resolutions, { kind: 'found', productId: 'p1', qty: found }] };
            const rest = openDifferences(t)[0]?.over ?? 0;
            if (rest > 0) t = { ...t, resolutions: [...t.resolutions, { kind: 'complete_dispatch', productId: 'p1', qty: rest }] };
          }
          expect(openDifferences(t)).toEqual([]);
        }
        const arrived = arrivals.reduce((a, n) => a + n, 0) * 1000;
        const writtenOff = t.resolutions.reduce((a, r) => a + (r.kind === 'write_off' ? r.qty : r.kind === 'found' ? -r.qty : 0), 0);
        const completed = t.resolutions.reduce((a, r) => a + (r.kind === 'complete_dispatch' ? r.qty : 0), 0);
        // what left the source (recorded plus completed) is exactly what arrived plus what is written off as lost
        expect(sent * 1000 + completed).toBe(arrived + writtenOff);
      }),
    );
  });
});

describe('the dispatch, checked where it is taken', () => {
  const none: TransferRecord = { approved: true, cancelled: false, closed: false, dispatches: [], receipts: [], resolutions: [] };
  const arrived = [[{ productId: 'p1', received: 6_000, damaged: 0 }]];
  it('is recorded after the destination already recorded its receipt, and once only', () => {
    expect(() => assertDispatchable(none)).not.toThrow();
    // the store received the 6 before the warehouse's dispatch was recorded: the goods left all the same
    expect(transferStatus({ ...none, receipts: arrived })).toBe('received_unsent');
    expect(() => assertDispatchable({ ...none, receipts: arrived })).not.toThrow();
    const sent = { ...none, dispatches: [[{ productId: 'p1', qty: 6_000 }]] };
    expect(() => assertDispatchable(sent)).toThrow(/sent transfer cannot be sent/);
    expect(() => assertDispatchable({ ...sent, receipts: arrived })).toThrow(/cannot be sent/);
  });
  it('is refused once cancelled, unless the goods arrived anyway', () => {
    expect(() => assertDispatchable({ ...none, cancelled: true })).toThrow(/cancelled transfer cannot be sent/);
    expect(() => assertDispatchable({ ...none, cancelled: true, receipts: arrived })).not.toThrow();
  });
});
