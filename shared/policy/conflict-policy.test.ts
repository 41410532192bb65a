import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_POLICY, OVERSELL_POLICIES, decideSale, type PolicySale } from './conflict-policy';

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
