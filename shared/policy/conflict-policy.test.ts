import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Level, Movement } from '../domain/movement';
import { applyMovement, available } from '../domain/movement';
import {
  DEFAULT_POLICY,
  OVERSELL_POLICIES,
  decideDish,
  decideFulfilment,
  decideLedgerWrite,
  decideReservation,
  decideReturnLine,
  decideOpActors,
  decideSale,
  mayWorkConflicts,
  type FulfilmentLine,
  type KnownUser,
  type LedgerChange,
  type LedgerWrite,
  type OpActors,
  type PolicySale,
} from './conflict-policy';

const products = ['p1', 'p2', 'p3'];
const sale: fc.Arbitrary<PolicySale> = fc.record({
  lines: fc.array(
    fc.record({ lineId: fc.uuid(), productId: fc.constantFrom(...products), qty: fc.integer({ min: 1, max: 10 }).map((n) => n * 1000) }),
    { minLength: 1, maxLength: 8 },
  ),
  hasCustomerContact: fc.boolean(),
  managerOverride: fc.boolean(),
});
const stock = fc.tuple(...products.map(() => fc.integer({ min: -5, max: 20 }).map((n) => n * 1000))).map((qs) => new Map(products.map((p, i) => [p, qs[i] as number])));
const policy = fc.constantFrom(...OVERSELL_POLICIES).map((oversell) => ({ oversell }));

describe('decideSale', () => {
  it('never lets kept lines exceed what was available, product by product', () => {
    fc.assert(
      fc.property(policy, sale, stock, (pol, s, before) => {
        const decision = decideSale(pol, s, before);
        for (const p of products) {
          const kept = decision.lines.filter((l) => l.productId === p && l.action === 'keep').reduce((a, l) => a + l.qty, 0);
          expect(kept).toBeLessThanOrEqual(Math.max(0, before.get(p) ?? 0));
        }
      }),
    );
  });

  it('decides every line in order and reports a consistent outcome', () => {
    fc.assert(
      fc.property(policy, sale, stock, (pol, s, before) => {
        const d = decideSale(pol, s, before);
        expect(d.lines.map((l) => l.lineId)).toEqual(s.lines.map((l) => l.lineId));
        const reversed = d.lines.filter((l) => l.action === 'reverse').length;
        expect(d.outcome).toBe(reversed === 0 ? 'accepted' : reversed === d.lines.length ? 'reversed' : 'partially_reversed');
        for (const l of d.lines) {
          if (l.action === 'reverse') expect(l).toMatchObject({ reason: 'insufficient_stock', conflict: 'contact_customer' });
          if (l.action === 'accept_negative') expect(l.conflict).toBe('stock_discrepancy');
        }
      }),
    );
  });

  it('never reverses a manager override, and reverses only under the default policy or with a contact', () => {
    fc.assert(
      fc.property(policy, sale, stock, (pol, s, before) => {
        const d = decideSale(pol, s, before);
        if (s.managerOverride) expect(d.lines.every((l) => l.action !== 'reverse')).toBe(true);
        if (pol.oversell === 'accept_negative_for_walk_in' && !s.hasCustomerContact) expect(d.outcome).toBe('accepted');
        if (!s.managerOverride && (pol.oversell === 'reverse_later_sale' || s.hasCustomerContact)) {
          expect(d.lines.every((l) => l.action !== 'accept_negative')).toBe(true);
        }
      }),
    );
  });

  it('matches a line-by-line model written from the rule, not from the code', () => {
    // Stated declaratively over the answer: a line draws on its product's stock after every earlier line of that
    // product that was not reversed (kept or let into negative); it is kept iff what is left covers it; a line
    // that does not fit is let into negative only for a manager override or an anonymous walk-in under the
    // walk-in policy, and reversed otherwise; the sale is "accepted" with no reversed line, "reversed" with
    // only reversed lines.
    fc.assert(
      fc.property(policy, sale, stock, (pol, s, before) => {
        const d = decideSale(pol, s, before);
        expect(d.lines).toHaveLength(s.lines.length);
        s.lines.forEach((line, i) => {
          const decided = d.lines[i];
          const drawn = s.lines
            .slice(0, i)
            .filter((earlier, j) => earlier.productId === line.productId && d.lines[j]?.action !== 'reverse')
            .reduce((sum, earlier) => sum + earlier.qty, 0);
          const left = (before.get(line.productId) ?? 0) - drawn;
          const mayGoNegative = s.managerOverride || (pol.oversell === 'accept_negative_for_walk_in' && !s.hasCustomerContact);
          const expected = left >= line.qty ? 'keep' : mayGoNegative ? 'accept_negative' : 'reverse';
          expect(decided, `line ${i} of ${JSON.stringify(s)} with ${JSON.stringify([...before])}`).toMatchObject({ lineId: line.lineId, productId: line.productId, qty: line.qty, action: expected });
          if (expected !== 'keep') expect(decided).toMatchObject({ available: left });
          if (expected === 'accept_negative') expect(decided).toMatchObject({ reason: s.managerOverride ? 'manager_override' : 'walk_in_oversell' });
        });
        const actions = new Set(d.lines.map((l) => l.action));
        const expectedOutcome = !actions.has('reverse') ? 'accepted' : actions.size === 1 ? 'reversed' : 'partially_reversed';
        expect(d.outcome).toBe(expectedOutcome);
      }),
      { numRuns: 500 },
    );
  });

  it('decides a hand-worked table of sales', () => {
    const line = (lineId: string, productId: string, units: number): { lineId: string; productId: string; qty: number } => ({ lineId, productId, qty: units * 1000 });
    const walkIn = { hasCustomerContact: false, managerOverride: false };
    const table: Array<{ policy: typeof DEFAULT_POLICY; sale: PolicySale; stock: Array<[string, number]>; actions: string[]; outcome: string }> = [
      // 5 left, 2 + 2 + 2: the third no longer fits
      { policy: DEFAULT_POLICY, sale: { lines: [line('a', 'p1', 2), line('b', 'p1', 2), line('c', 'p1', 2)], ...walkIn }, stock: [['p1', 5000]], actions: ['keep', 'keep', 'reverse'], outcome: 'partially_reversed' },
      // a reversed line gives its stock back to the later lines: 3 left, 4 reversed, then 3 kept
      { policy: DEFAULT_POLICY, sale: { lines: [line('a', 'p1', 4), line('b', 'p1', 3)], ...walkIn }, stock: [['p1', 3000]], actions: ['reverse', 'keep'], outcome: 'partially_reversed' },
      // nothing on the shelf (or below zero): everything reversed
      { policy: DEFAULT_POLICY, sale: { lines: [line('a', 'p1', 1), line('b', 'p2', 1)], ...walkIn }, stock: [['p1', -2000]], actions: ['reverse', 'reverse'], outcome: 'reversed' },
      // walk-in policy, anonymous: into negative, and later lines of that product cannot be "kept" from it
      { policy: { oversell: 'accept_negative_for_walk_in' }, sale: { lines: [line('a', 'p1', 3), line('b', 'p1', 1)], ...walkIn }, stock: [['p1', 2000]], actions: ['accept_negative', 'accept_negative'], outcome: 'accepted' },
      // walk-in policy, but the customer left a phone number: reversed as under the default
      { policy: { oversell: 'accept_negative_for_walk_in' }, sale: { lines: [line('a', 'p1', 3)], hasCustomerContact: true, managerOverride: false }, stock: [['p1', 2000]], actions: ['reverse'], outcome: 'reversed' },
      // a manager override is never reversed, whatever the policy
      { policy: DEFAULT_POLICY, sale: { lines: [line('a', 'p1', 3), line('b', 'p2', 1)], hasCustomerContact: true, managerOverride: true }, stock: [['p2', 1000]], actions: ['accept_negative', 'keep'], outcome: 'accepted' },
      // exactly what is left is kept
      { policy: DEFAULT_POLICY, sale: { lines: [line('a', 'p1', 2), line('b', 'p1', 3)], ...walkIn }, stock: [['p1', 5000]], actions: ['keep', 'keep'], outcome: 'accepted' },
    ];
    for (const row of table) {
      const d = decideSale(row.policy, row.sale, new Map(row.stock));
      expect({ actions: d.lines.map((l) => l.action), outcome: d.outcome }, JSON.stringify(row)).toEqual({ actions: row.actions, outcome: row.outcome });
    }
  });

  it('draws lines of one product from the same stock: 3 + 2 of the last 4 keeps the first, reverses the second', () => {
    const d = decideSale(
      DEFAULT_POLICY,
      {
        lines: [
          { lineId: 'a', productId: 'p1', qty: 3000 },
          { lineId: 'b', productId: 'p1', qty: 2000 },
        ],
        hasCustomerContact: true,
        managerOverride: false,
      },
      new Map([['p1', 4000]]),
    );
    expect(d.outcome).toBe('partially_reversed');
    expect(d.lines.map((l) => l.action)).toEqual(['keep', 'reverse']);
    expect(d.lines[1]).toMatchObject({ available: 1000 });
  });
});

describe('a sale of a product deleted after it was sold', () => {
  it('applies the deleted product’s line whatever the stock, flags it, and decides the other lines as usual', () => {
    const decision = decideSale(
      DEFAULT_POLICY,
      {
        lines: [
          { lineId: 'l1', productId: 'gone', qty: 5000, productDeleted: true },
          { lineId: 'l2', productId: 'p1', qty: 2000 },
          { lineId: 'l3', productId: 'p2', qty: 2000 },
        ],
        hasCustomerContact: true,
        managerOverride: false,
      },
      new Map([
        ['gone', 1000],
        ['p1', 3000],
        ['p2', 1000],
      ]),
    );
    expect(decision.lines.map((l) => [l.lineId, l.action, 'reason' in l ? l.reason : null])).toEqual([
      ['l1', 'accept_negative', 'deleted_product'],
      ['l2', 'keep', null],
      ['l3', 'reverse', 'insufficient_stock'],
    ]);
    expect(decision.outcome).toBe('partially_reversed');
  });
});

describe('a sale from before a count always fits', () => {
  it('keeps a line the shelf’s count already saw, whatever is available and whatever the policy, and guards it not', () => {
    for (const policy of OVERSELL_POLICIES.map((oversell) => ({ oversell }))) {
      for (const stock of [0, -3000, 1000]) {
        const d = decideSale(
          policy,
          {
            lines: [
              { lineId: 'a', productId: 'p1', qty: 5000, seenByCount: true },
              { lineId: 'b', productId: 'p1', qty: 2000, seenByCount: true },
            ],
            hasCustomerContact: true,
            managerOverride: false,
          },
          new Map([['p1', stock]]),
        );
        expect(d, `${policy.oversell} with ${stock} available`).toEqual({
          outcome: 'accepted',
          lines: [
            { lineId: 'a', productId: 'p1', qty: 5000, action: 'keep', basis: 'seen_by_count' },
            { lineId: 'b', productId: 'p1', qty: 2000, action: 'keep', basis: 'seen_by_count' },
          ],
        });
        for (const line of d.lines) expect(decideLedgerWrite({ kind: 'sale_line', decision: line })).toEqual({ guarded: false, because: 'seen_by_count' });
      }
    }
  });

  it('lets a seen line draw nothing from the stock the sale’s other lines are decided on', () => {
    // 2 of p2 left; p1 was counted after the sale. The p1 line does not touch p2's stock, and a seen line of a
    // product is never counted against that product's unseen stock either.
    const d = decideSale(
      DEFAULT_POLICY,
      {
        lines: [
          { lineId: 'a', productId: 'p1', qty: 9000, seenByCount: true },
          { lineId: 'b', productId: 'p2', qty: 2000 },
          { lineId: 'c', productId: 'p2', qty: 1000 },
        ],
        hasCustomerContact: true,
        managerOverride: false,
      },
      new Map([
        ['p1', 0],
        ['p2', 2000],
      ]),
    );
    expect(d.lines.map((l) => l.action)).toEqual(['keep', 'keep', 'reverse']);
    expect(d.lines[2]).toMatchObject({ available: 0 });
  });

  it('still flags a deleted product’s line the count saw, as a discrepancy let through', () => {
    const d = decideSale(DEFAULT_POLICY, { lines: [{ lineId: 'a', productId: 'gone', qty: 3000, productDeleted: true, seenByCount: true }], hasCustomerContact: false, managerOverride: false }, new Map());
    expect(d.lines[0]).toMatchObject({ action: 'accept_negative', reason: 'deleted_product', available: 0 });
  });
});

describe('how the ledger writes each movement of a replayed op', () => {
  const kept = { lineId: 'a', productId: 'p1', qty: 1000, action: 'keep', basis: 'fits' } as const;
  it('decides a hand-worked table', () => {
    const table: Array<[LedgerChange, LedgerWrite]> = [
      [{ kind: 'sale_line', decision: kept }, { guarded: true }],
      [{ kind: 'sale_line', decision: { ...kept, basis: 'seen_by_count' } }, { guarded: false, because: 'seen_by_count' }],
      [{ kind: 'sale_line', decision: { ...kept, action: 'reverse', reason: 'insufficient_stock', available: 0, conflict: 'contact_customer' } }, { guarded: false, because: 'reversed_in_same_op' }],
      [{ kind: 'sale_line', decision: { ...kept, action: 'accept_negative', reason: 'walk_in_oversell', available: 0, conflict: 'stock_discrepancy' } }, { guarded: false, because: 'accepted_negative' }],
      [{ kind: 'sale_reversal' }, { guarded: true }],
      [{ kind: 'receipt' }, { guarded: true }],
      [{ kind: 'waste' }, { guarded: false, because: 'goods_gone' }],
      [{ kind: 'adjustment' }, { guarded: false, because: 'stated_by_manager' }],
      [{ kind: 'stocktake' }, { guarded: true }],
      [{ kind: 'count_offset' }, { guarded: false, because: 'count_already_included' }],
      [{ kind: 'transfer_leg' }, { guarded: false, because: 'goods_moved' }],
      // head office's dispatch is taken at the server, whose ledger the warehouse's is: under its guard
      [{ kind: 'head_office_dispatch' }, { guarded: true }],
    ];
    for (const [change, write] of table) expect(decideLedgerWrite(change), JSON.stringify(change)).toEqual(write);
  });

  it('writes waste and adjustments unguarded: recorded even when the shelf shows less than left it', () => {
    const empty: Level = { onHand: 1000, reserved: 0, inTransit: 0, quarantined: 0 };
    const waste: Movement = { kind: 'WASTE', qty: 4000 };
    const writeOff: Movement = { kind: 'ADJUST', qty: -4000 };
    for (const [change, m] of [
      [{ kind: 'waste' }, waste],
      [{ kind: 'adjustment' }, writeOff],
    ] as const) {
      const write = decideLedgerWrite(change);
      expect(write.guarded).toBe(false);
      // The rule alone would refuse it: only the decision lets the ledger record it.
      expect(applyMovement(empty, m).ok).toBe(false);
      expect(applyMovement(empty, m, { unguarded: !write.guarded })).toMatchObject({ ok: true, level: { onHand: -3000 } });
    }
  });

  it('never asks for a guard the rule would refuse: every replayed line is written, a reversed one changes nothing', () => {
    // The sale's movements as the server writes them (SALE, plus REVERSAL for a reversed line) applied through
    // the rule with the guardedness the policy decided; levels with reserved and quarantined stock.
    const level = fc.record({
      onHand: fc.integer({ min: -5, max: 20 }).map((n) => n * 1000),
      reserved: fc.integer({ min: 0, max: 3 }).map((n) => n * 1000),
      inTransit: fc.constant(0),
      quarantined: fc.integer({ min: 0, max: 3 }).map((n) => n * 1000),
    });
    const levels = fc.tuple(...products.map(() => level)).map((ls) => new Map(products.map((p, i) => [p, ls[i] as Level])));
    fc.assert(
      fc.property(policy, sale, levels, (pol, s, start) => {
        const d = decideSale(pol, s, new Map([...start].map(([p, l]) => [p, available(l)])));
        const now = new Map(start);
        for (const line of d.lines) {
          const moves: Array<[Movement, LedgerWrite]> = [[{ kind: 'SALE', qty: line.qty }, decideLedgerWrite({ kind: 'sale_line', decision: line })]];
          if (line.action === 'reverse') moves.push([{ kind: 'REVERSAL', qty: line.qty, reverses: 'SALE' }, decideLedgerWrite({ kind: 'sale_reversal' })]);
          for (const [m, write] of moves) {
            const r = applyMovement(now.get(line.productId) as Level, m, { unguarded: !write.guarded });
            expect(r.ok, `${line.lineId} ${m.kind} on ${JSON.stringify(now.get(line.productId))}`).toBe(true);
            if (r.ok) now.set(line.productId, r.level);
          }
        }
        for (const p of products) {
          const sold = d.lines.filter((l) => l.productId === p && l.action !== 'reverse').reduce((a, l) => a + l.qty, 0);
          expect(now.get(p)?.onHand).toBe((start.get(p)?.onHand ?? 0) - sold);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('who may have done an op', () => {
  const users = new Map<string, KnownUser>([
    ['cashier', { role: 'cashier', active: true }],
    ['manager', { role: 'manager', active: true }],
    ['office', { role: 'head_office', active: true }],
    ['gone-cashier', { role: 'cashier', active: false }],
    ['gone-manager', { role: 'manager', active: false }],
  ]);
  // Hand-worked: [op type, user, approving manager (override or PIN), decision]
  const table: Array<[OpActors['type'], string, string | null, 'ok' | 'UNKNOWN_USER' | 'FORBIDDEN']> = [
    ['sale', 'cashier', null, 'ok'],
    ['sale', 'gone-cashier', null, 'ok'],
    ['sale', 'stranger', null, 'UNKNOWN_USER'],
    ['sale', 'cashier', 'manager', 'ok'],
    ['sale', 'cashier', 'office', 'ok'],
    ['sale', 'cashier', 'cashier', 'FORBIDDEN'],
    ['sale', 'cashier', 'stranger', 'UNKNOWN_USER'],
    ['receipt', 'cashier', null, 'FORBIDDEN'],
    ['receipt', 'cashier', 'manager', 'ok'],
    ['receipt', 'cashier', 'cashier', 'FORBIDDEN'],
    ['waste', 'cashier', 'stranger', 'UNKNOWN_USER'],
    ['receipt', 'manager', null, 'ok'],
    ['waste', 'office', null, 'ok'],
    ['stocktake', 'cashier', null, 'FORBIDDEN'],
    ['adjustment', 'gone-manager', null, 'ok'],
    ['adjustment', 'stranger', null, 'UNKNOWN_USER'],
  ];
  it.each(table)('%s by %s (approved by %s): %s', (type, userId, approverId, expected) => {
    const d = decideOpActors({ type, userId, approverId }, users);
    expect(d.ok ? 'ok' : d.code).toBe(expected);
  });

  it('lets only an active manager of the store, or head office, work a conflict', () => {
    expect([null, ...users.values()].map((u) => mayWorkConflicts(u, true))).toEqual([false, false, true, true, false, false]);
    expect([null, ...users.values()].map((u) => mayWorkConflicts(u, false))).toEqual([false, false, false, true, false, false]);
  });
});

describe('reservations, dishes and transfer legs at replay', () => {
  it('keeps a reservation available still covers and refuses one it does not, with the customer to contact, writing nothing for it', () => {
    expect(decideReservation(3_000, 3_000)).toEqual({ action: 'keep' });
    expect(decideReservation(3_000, 2_000)).toEqual({ action: 'refuse', reason: 'insufficient_stock', available: 2_000, conflict: 'contact_customer' });
    expect(decideLedgerWrite({ kind: 'reservation' })).toEqual({ guarded: true });
    expect(decideLedgerWrite({ kind: 'reservation_end' })).toEqual({ guarded: true });
  });

  it('accepts a dish whose ingredients ran short by default (it was served), or reverses it when the tenant says so', () => {
    const dish = [
      { ingredientId: 'chicken', qty: 225 },
      { ingredientId: 'oil', qty: 20 },
    ];
    const stock = (): Map<string, number> => new Map([['chicken', 300], ['oil', 10]]);
    const remaining = stock();
    const accepted = decideDish({ oversell: 'reverse_later_sale' }, dish, remaining);
    expect(accepted).toEqual({ action: 'accept_discrepancy', short: ['oil'], conflict: 'stock_discrepancy' });
    expect(remaining).toEqual(new Map([['chicken', 75], ['oil', -10]])); // it left the kitchen either way
    expect(decideLedgerWrite({ kind: 'dish_ingredient', decision: accepted })).toEqual({ guarded: false, because: 'dish_served' });

    const untouched = stock();
    const reversed = decideDish({ oversell: 'reverse_later_sale', dishShortfall: 'reverse_dish_line' }, dish, untouched);
    expect(reversed).toEqual({ action: 'reverse_dish_line', short: ['oil'], conflict: 'contact_customer' });
    expect(untouched).toEqual(stock()); // a reversed dish draws nothing for the lines after it
    // a second dish in the same sale draws on what the first left
    const twice = stock();
    expect(decideDish({ oversell: 'reverse_later_sale' }, [{ ingredientId: 'chicken', qty: 225 }], twice)).toEqual({ action: 'keep' });
    expect(decideDish({ oversell: 'reverse_later_sale' }, [{ ingredientId: 'chicken', qty: 225 }], twice)).toMatchObject({ action: 'accept_discrepancy', short: ['chicken'] });
  });

  it('records both halves of a transfer whatever the levels say', () => {
    expect(decideLedgerWrite({ kind: 'transfer_leg' })).toEqual({ guarded: false, because: 'goods_moved' });
  });
});

describe('a reservation fulfilled at replay', () => {
  it('takes what left from the hold and gives the rest back; from the shelf when the hold is gone, flagging what goes below zero', () => {
    const lines: FulfilmentLine[] = [
      { lineId: 'a', productId: 'p1', qty: 2_000, held: 3_000, hold: 'held' },
      { lineId: 'b', productId: 'p1', qty: 2_000, held: 0, hold: 'expired' },
      { lineId: 'c', productId: 'p1', qty: 1_000, held: 0, hold: 'refused' },
      { lineId: 'd', productId: 'p2', qty: 4_000, held: 0, hold: 'released' },
      { lineId: 'e', productId: 'p2', qty: 0, held: 2_000, hold: 'held' },
      { lineId: 'f', productId: 'p3', qty: 2_000, held: 2_000, hold: 'held' },
    ];
    // p1: 6.5 on hand, 1.5 available; a takes 2 of its 3 held and gives 1 back (2.5 available), b takes 2 (0.5), c 1 more than is left.
    // p2: -1 available (oversold elsewhere), d takes 4, e gives its whole hold of 2 back.
    // p3: the hold of 2 is there but only 1.5 is on hand (a waste went past it): the FULFIL would break its rule.
    const before = new Map([
      ['p1', { onHand: 6_500, available: 1_500 }],
      ['p2', { onHand: 1_000, available: -1_000 }],
      ['p3', { onHand: 1_500, available: -500 }],
    ]);
    expect(decideFulfilment(lines, before)).toEqual([
      { lineId: 'a', productId: 'p1', qty: 2_000, action: 'from_hold', release: 1_000, onHand: 6_500, conflict: null },
      { lineId: 'b', productId: 'p1', qty: 2_000, action: 'from_shelf', because: 'expired', available: 2_500, conflict: null },
      { lineId: 'c', productId: 'p1', qty: 1_000, action: 'from_shelf', because: 'refused', available: 500, conflict: 'stock_discrepancy' },
      { lineId: 'd', productId: 'p2', qty: 4_000, action: 'from_shelf', because: 'released', available: -1_000, conflict: 'stock_discrepancy' },
      { lineId: 'e', productId: 'p2', qty: 0, action: 'from_hold', release: 2_000, onHand: -3_000, conflict: null },
      { lineId: 'f', productId: 'p3', qty: 2_000, action: 'from_hold', release: 0, onHand: 1_500, conflict: 'stock_discrepancy' },
    ]);
    expect(() => decideFulfilment([{ lineId: 'x', productId: 'p1', qty: 3_001, held: 3_000, hold: 'held' }], new Map())).toThrow(
      expect.objectContaining({ code: 'INVALID_QUANTITY' }),
    );
  });

  it('writes what comes from a hold under its rule, and unguarded what comes off the shelf or from a hold the shelf no longer has', () => {
    const fromHold = { lineId: 'a', productId: 'p1', qty: 1, action: 'from_hold', release: 0, onHand: 1, conflict: null } as const;
    expect(decideLedgerWrite({ kind: 'reservation_fulfilment', decision: fromHold })).toEqual({ guarded: true });
    expect(decideLedgerWrite({ kind: 'reservation_fulfilment', decision: { ...fromHold, onHand: 0, conflict: 'stock_discrepancy' } })).toEqual({ guarded: false, because: 'collected' });
    expect(
      decideLedgerWrite({ kind: 'reservation_fulfilment', decision: { lineId: 'a', productId: 'p1', qty: 1, action: 'from_shelf', because: 'expired', available: 1, conflict: null } }),
    ).toEqual({ guarded: false, because: 'collected' });
  });

  it('never asks for a guard the rule refuses, takes exactly what left off on hand, and flags exactly the lines that take the shelf below zero', () => {
    // A level holding every held line (and maybe other customers' holds), on hand anywhere around it; lines of one product.
    const line = fc.record({
      qty: fc.integer({ min: 0, max: 6 }).map((n) => n * 1000),
      extra: fc.integer({ min: 0, max: 3 }).map((n) => n * 1000),
      hold: fc.constantFrom('held', 'expired', 'released', 'refused' as const),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), fc.integer({ min: -12, max: 10 }), fc.integer({ min: 0, max: 4 }), (specs, free, others) => {
        const ls: FulfilmentLine[] = specs.map((x, i) => ({ lineId: `l${i}`, productId: 'p1', qty: x.qty, held: x.hold === 'held' ? x.qty + x.extra : 0, hold: x.hold }));
        const holds = ls.reduce((a, l) => a + l.held, 0);
        const start: Level = { onHand: holds + others * 1000 + free * 1000, reserved: holds + others * 1000, inTransit: 0, quarantined: 0 };
        const decisions = decideFulfilment(ls, new Map([['p1', { onHand: start.onHand, available: available(start) }]]));
        let level = start;
        for (const d of decisions) {
          const write = decideLedgerWrite({ kind: 'reservation_fulfilment', decision: d });
          const moves: Array<[Movement, LedgerWrite]> = [];
          if (d.qty > 0) moves.push([{ kind: d.action === 'from_hold' ? 'FULFIL' : 'SALE', qty: d.qty }, write]);
          if (d.action === 'from_hold' && d.release > 0) moves.push([{ kind: 'RELEASE', qty: d.release }, decideLedgerWrite({ kind: 'reservation_end' })]);
          for (const [m, w] of moves) {
            const r = applyMovement(level, m, { unguarded: !w.guarded });
            expect(r.ok, `${d.lineId} ${m.kind} on ${JSON.stringify(level)}`).toBe(true);
            if (r.ok) level = r.level;
          }
          // the oracle: the simulated level itself, after the line's movements
          expect(d.conflict !== null, d.lineId).toBe(d.qty > 0 && (d.action === 'from_hold' ? level.onHand < 0 : available(level) < 0));
        }
        expect(level.onHand).toBe(start.onHand - ls.reduce((a, l) => a + l.qty, 0));
        expect(level.reserved).toBe(others * 1000);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a return of a sold line', () => {
  // 3 sold, 1 already back
  const line = { sold: 3_000, returnedBefore: 1_000, reversed: false };

  it('goes back to stock while it is within what is left of the line, at the till and at the server', () => {
    expect(decideReturnLine({ ...line, qty: 2_000 }, 'till')).toEqual({ action: 'restock' });
    expect(decideReturnLine({ ...line, qty: 2_000 }, 'server')).toEqual({ action: 'restock' });
  });

  it('of a reversed line, is refused at the till and writes no RETURN at the server (the reversal already put the units back)', () => {
    expect(() => decideReturnLine({ ...line, reversed: true, qty: 1_000 }, 'till')).toThrow(/reversed this line/);
    expect(decideReturnLine({ ...line, reversed: true, qty: 1_000 }, 'server')).toEqual({ action: 'already_back', reason: 'line_reversed', paidAtTill: true });
  });

  it('past what is left: refused at the till; at the server the goods are in, so it is written, with the double refund to follow up', () => {
    expect(() => decideReturnLine({ ...line, qty: 3_000 }, 'till')).toThrow(/only 2 of this line/);
    expect(decideReturnLine({ ...line, qty: 3_000 }, 'server')).toEqual({ action: 'restock_over', reason: 'returned_twice', left: 2_000, conflict: 'contact_customer' });
    // both tills took the whole line back: nothing was left for the second
    expect(decideReturnLine({ sold: 3_000, returnedBefore: 3_000, reversed: false, qty: 3_000 }, 'server')).toMatchObject({ action: 'restock_over', left: 0 });
  });

  it('for every quantity: restocked exactly when it fits what is left, never both refused and written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 50 }), (sold, before, qty) => {
        const l = { sold: sold * 1000, returnedBefore: Math.min(before, sold) * 1000, reversed: false, qty: qty * 1000 };
        const fits = l.qty <= l.sold - l.returnedBefore;
        expect(decideReturnLine(l, 'server').action).toBe(fits ? 'restock' : 'restock_over');
        if (fits) expect(decideReturnLine(l, 'till').action).toBe('restock');
        else expect(() => decideReturnLine(l, 'till')).toThrow();
      }),
    );
  });
});
