import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_POLICY, OVERSELL_POLICIES, decideOpActors, decideSale, mayWorkConflicts, type KnownUser, type OpActors, type PolicySale } from './conflict-policy';

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
