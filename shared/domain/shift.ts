import { DomainError } from './errors';
import { type Currency, type Minor, assertMinor } from './money';

/**
 * A cashier's shift at one drawer, as pure arithmetic: the float counted in at the start (per currency), every
 * cash movement since (cash taken for sales, change handed back, refunds paid out, cash put in or taken out with a
 * reason), and the count at the end. The X report is this at any moment; the Z report is the closing one,
 * numbered gap-free per till, and once printed it never changes (the till's database refuses an edit; the report
 * carries the totals it was printed with, so a later change of the events cannot alter it).
 *
 * Each currency is its own drawer column: dollars and pounds are counted, expected and reconciled apart, never
 * converted into one another (a shortage of pounds is not made good by a surplus of dollars).
 */
export type DrawerEvent =
  | { kind: 'sale_cash'; currency: Currency; amount: Minor }
  | { kind: 'change'; currency: Currency; amount: Minor }
  | { kind: 'refund_cash'; currency: Currency; amount: Minor }
  | { kind: 'cash_in' | 'paid_out'; currency: Currency; amount: Minor; reason: string }
  | { kind: 'card'; amount: Minor; currency: Currency };

export type PerCurrency = Partial<Record<Currency, Minor>>;

export interface DrawerColumn {
  currency: Currency;
  float: Minor;
  cashSales: Minor;
  changeGiven: Minor;
  refunds: Minor;
  cashIn: Minor;
  paidOut: Minor;
  /** float + cash sales − change − refunds + cash in − paid out */
  expected: Minor;
}

export interface DrawerReport {
  columns: DrawerColumn[];
  /** card takings per currency: not in the drawer, listed for the day's totals */
  card: PerCurrency;
}

/** Which column each cash movement is counted in, and which way it moves what the drawer should hold. */
const EFFECT: Readonly<Record<Exclude<DrawerEvent['kind'], 'card'>, { field: 'cashSales' | 'changeGiven' | 'refunds' | 'cashIn' | 'paidOut'; sign: 1 | -1 }>> = {
  sale_cash: { field: 'cashSales', sign: 1 },
  change: { field: 'changeGiven', sign: -1 },
  refund_cash: { field: 'refunds', sign: -1 },
  cash_in: { field: 'cashIn', sign: 1 },
  paid_out: { field: 'paidOut', sign: -1 },
};

function add(a: Minor, b: Minor): Minor {
  return assertMinor(a + b, 'drawer total');
}

/** The X report: what each currency's column of the drawer should hold now. */
export function drawerReport(float: PerCurrency, events: readonly DrawerEvent[]): DrawerReport {
  const columns = new Map<Currency, DrawerColumn>();
  const column = (currency: Currency): DrawerColumn => {
    let c = columns.get(currency);
    if (c === undefined) {
      c = { currency, float: 0, cashSales: 0, changeGiven: 0, refunds: 0, cashIn: 0, paidOut: 0, expected: 0 };
      columns.set(currency, c);
    }
    return c;
  };
  for (const [currency, amount] of Object.entries(float) as [Currency, Minor][]) {
    if (amount < 0) throw new DomainError('INVALID_INPUT', `a float cannot be negative (${currency})`, { currency });
    const c = column(currency);
    c.float = assertMinor(amount, 'float');
    c.expected = c.float;
  }
  const card: PerCurrency = {};
  for (const e of events) {
    const amount = assertMinor(e.amount);
    if (amount <= 0) throw new DomainError('INVALID_INPUT', 'a drawer movement is a positive amount', { kind: e.kind });
    if (e.kind === 'card') {
      card[e.currency] = add(card[e.currency] ?? 0, amount);
      continue;
    }
    const c = column(e.currency);
    const { field, sign } = EFFECT[e.kind];
    c[field] = add(c[field], amount);
    c.expected = add(c.expected, sign * amount);
  }
  return { columns: [...columns.values()].sort((a, b) => a.currency.localeCompare(b.currency)), card };
}

export interface ClosingColumn extends DrawerColumn {
  counted: Minor;
  /** counted − expected: negative is a shortage */
  difference: Minor;
}

/**
 * Closing: every currency the drawer should hold must be counted (a column left out is refused, not taken as
 * zero), and each gets its own difference.
 */
export function closeDrawer(report: DrawerReport, counted: PerCurrency): ClosingColumn[] {
  for (const currency of Object.keys(counted) as Currency[]) {
    if (!report.columns.some((c) => c.currency === currency) && (counted[currency] ?? 0) !== 0) {
      throw new DomainError('INVALID_INPUT', `${currency} was counted but this drawer never held any`, { currency });
    }
  }
  return report.columns.map((c) => {
    const n = counted[c.currency];
    if (n === undefined) throw new DomainError('INVALID_INPUT', `count the ${c.currency} in the drawer before closing`, { currency: c.currency });
    if (assertMinor(n, 'counted') < 0) throw new DomainError('INVALID_INPUT', `a count cannot be negative (${c.currency})`, { currency: c.currency });
    return { ...c, counted: n, difference: assertMinor(n - c.expected, 'difference') };
  });
}
