import { describe, expect, it } from 'vitest';
import { closeDrawer, drawerReport, type DrawerEvent } from './shift';

// A morning at a Beirut grocery, worked by hand: float $50 and 500,000 LBP.
const events: DrawerEvent[] = [
  { kind: 'sale_cash', currency: 'USD', amount: 20_00 },
  { kind: 'change', currency: 'LBP', amount: 685_000 },
  { kind: 'sale_cash', currency: 'LBP', amount: 1_200_000 },
  { kind: 'change', currency: 'USD', amount: 1_06 },
  { kind: 'paid_out', currency: 'LBP', amount: 150_000, reason: 'bread delivery' },
  { kind: 'cash_in', currency: 'USD', amount: 10_00, reason: 'change from the safe' },
  { kind: 'refund_cash', currency: 'USD', amount: 3_50 },
  { kind: 'card', currency: 'USD', amount: 42_00 },
];

describe('the drawer of a shift', () => {
  it('expects each currency apart: float + cash sales − change − refunds + cash in − paid out', () => {
    const x = drawerReport({ USD: 50_00, LBP: 500_000 }, events);
    expect(x.columns).toEqual([
      { currency: 'LBP', float: 500_000, cashSales: 1_200_000, changeGiven: 685_000, refunds: 0, cashIn: 0, paidOut: 150_000, expected: 865_000 },
      { currency: 'USD', float: 50_00, cashSales: 20_00, changeGiven: 1_06, refunds: 3_50, cashIn: 10_00, paidOut: 0, expected: 75_44 },
    ]);
    expect(x.card).toEqual({ USD: 42_00 });
  });

  it('closes with a difference per currency, never netting one against the other', () => {
    const closing = closeDrawer(drawerReport({ USD: 50_00, LBP: 500_000 }, events), { USD: 76_44, LBP: 855_000 });
    expect(closing.map((c) => [c.currency, c.difference])).toEqual([
      ['LBP', -10_000],
      ['USD', 1_00],
    ]);
  });

  it('refuses a closing that leaves a currency uncounted, a negative count or float, and a zero movement', () => {
    const x = drawerReport({ USD: 50_00, LBP: 500_000 }, events);
    expect(() => closeDrawer(x, { USD: 75_44 })).toThrow(/count the LBP/);
    expect(() => closeDrawer(x, { USD: -1, LBP: 0 })).toThrow(/negative/);
    expect(() => closeDrawer(x, { USD: 1, LBP: 0, EUR: 5_00 })).toThrow(/never held/);
    expect(() => drawerReport({ USD: -5_00 }, [])).toThrow(/negative/);
    expect(() => drawerReport({}, [{ kind: 'sale_cash', currency: 'USD', amount: 0 }])).toThrow(/positive/);
  });
});
