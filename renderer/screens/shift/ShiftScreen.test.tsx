// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExchangeView } from '../../../shared/api/branch-api';
import type { ShiftView, ZReportView } from '../../../shared/api/shift-api';
import { DomainError } from '../../../shared/domain/errors';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { FakeBranch, TestPage } from '../../test-support/fake-branch';
import { ShiftScreen } from './ShiftScreen';

/**
 * The cashier's drawer screen (issue 11) against a small model of the till's shift: the float typed per currency
 * (USD and LBP, the cash the till takes), the X report as the till answers it, a paid-out refused without a
 * manager's PIN, and closing: each currency counted, the difference shown before closing, then Z 1 with its
 * differences, in English and in Arabic. Expected figures are the hand-worked drawer of electron/services/shifts.test.ts.
 */
let backend: FakeBranch;
let page: TestPage;
let shift: ShiftView | null;

const exchange: ExchangeView = { base: 'USD', settings: { quote: 'LBP', accepts: ['USD', 'LBP'], quoteStep: 5_000, rounding: 'nearest' }, current: null, recent: [] };
const at = new Date(2026, 11, 2, 8, 0).toISOString();

function workedShift(shiftId: string, float: ShiftView['float']): ShiftView {
  return {
    shiftId,
    openedByName: 'Rana Haddad',
    openedAt: at,
    float,
    columns: [
      { currency: 'LBP', float: float.LBP ?? 0, cashSales: 500_000, changeGiven: 195_000, refunds: 0, cashIn: 200_000, paidOut: 0, expected: 1_505_000 },
      { currency: 'USD', float: float.USD ?? 0, cashSales: 70_00, changeGiven: 26_60, refunds: 0, cashIn: 0, paidOut: 5_00, expected: 138_40 },
    ],
    card: { USD: 23_40 },
    sales: 3,
    takings: 70_20,
    moves: [],
    note: null,
  };
}

beforeEach(async () => {
  shift = null;
  backend = new FakeBranch({
    'exchange.current': () => exchange,
    'shift.current': () => shift,
    'shift.open': ({ shiftId, float }) => {
      shift = workedShift(shiftId, float);
      return shift;
    },
    'shift.cashMove': ({ direction }) => {
      if (direction === 'out') throw new DomainError('FORBIDDEN', 'a paid-out needs a manager’s PIN');
      return shift as ShiftView;
    },
    'shift.close': ({ shiftId, counted }): ZReportView => {
      const s = shift as ShiftView;
      shift = null;
      return {
        shiftId,
        number: 1,
        tillName: 'Till 1',
        storeName: 'Hamra',
        currency: 'USD',
        openedByName: s.openedByName,
        openedAt: s.openedAt,
        closedByName: 'Rana Haddad',
        closedAt: at,
        columns: s.columns.map((c) => ({ ...c, counted: counted[c.currency] ?? 0, difference: (counted[c.currency] ?? 0) - c.expected })),
        card: s.card,
        sales: s.sales,
        takings: s.takings,
        moves: [],
        note: null,
        pending: true,
      };
    },
  });
  page = new TestPage(createBranchData(createClient(backend.bridge)));
});
afterEach(() => page.unmount());

const clean = (s: string) => s.replace(/[\u00a0\u202f\u2066-\u2069\u200f\u200e\u061c]/g, ' ').replace(/\s+/g, ' ').trim();

async function openWithFloat(): Promise<void> {
  await page.render(<ShiftScreen />);
  await page.settle();
  await page.type('float-USD', '100');
  await page.type('float-LBP', '1,000,000');
  await page.click('shift-open-submit');
  await page.settle();
}

describe('the shift screen', () => {
  it('opens with the float per currency, shows the X report, and closes with the differences into Z 1', async () => {
    await initI18n('en');
    await openWithFloat();
    expect(backend.inputs('shift.open').map((i) => i.float)).toEqual([{ USD: 100_00, LBP: 1_000_000 }]);
    expect(page.all('drawer-column').map((r) => [r.getAttribute('data-currency'), r.getAttribute('data-expected')])).toEqual([
      ['LBP', '1505000'],
      ['USD', '13840'],
    ]);
    // the cash paid back for returns is its own column of the drawer (none in this day)
    expect(page.all('drawer-refunds').map((r) => r.getAttribute('data-amount'))).toEqual(['0', '0']);
    expect(clean(page.text('x-card'))).toContain('$23.40');

    // a paid-out without a manager: the till's refusal is shown, the X report stays
    await page.click('move-out');
    await page.type('move-amount', '5');
    await page.type('move-reason', 'window cleaner');
    await page.click('move-submit');
    expect(page.text('move-error')).toMatch(/manager/);

    // closing: the difference shows before the shift is closed
    await page.type('count-USD', '138');
    await page.type('count-LBP', '1,505,000');
    expect(page.get('difference-USD').getAttribute('data-difference')).toBe('-40');
    expect(page.get('difference-LBP').getAttribute('data-difference')).toBe('0');
    expect(backend.inputs('shift.close')).toEqual([]);
    await page.click('shift-close-submit');
    await page.settle();
    expect(backend.inputs('shift.close').map((i) => i.counted)).toEqual([{ USD: 138_00, LBP: 1_505_000 }]);
    expect(page.text('z-title')).toBe('Z report no. 1');
    expect(page.all('z-column').map((r) => [r.getAttribute('data-currency'), r.getAttribute('data-difference')])).toEqual([
      ['LBP', '0'],
      ['USD', '-40'],
    ]);
    expect(page.get('z-print')).toBeTruthy();
  });

  it('refuses to close with a currency left uncounted, before asking the till', async () => {
    await initI18n('en');
    await openWithFloat();
    await page.type('count-USD', '138');
    await page.click('shift-close-submit');
    expect(page.text('close-error')).toMatch(/every currency/);
    expect(backend.inputs('shift.close')).toEqual([]);
  });

  // digits follow the till's own digits setting (Latin unless a manager chose Arabic-Indic)
  it('prints the Z report in the till’s language', async () => {
    await initI18n('ar');
    await openWithFloat();
    await page.type('count-USD', '138');
    await page.type('count-LBP', '1505000');
    await page.click('shift-close-submit');
    await page.settle();
    expect(clean(page.text('z-title'))).toBe('تقرير Z رقم 1');
  });
});
