// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExchangeView, RateView } from '../../../shared/api/branch-api';
import { DomainError } from '../../../shared/domain/errors';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { FakeBranch, TestPage } from '../../test-support/fake-branch';
import { ExchangeScreen } from './ExchangeScreen';

/**
 * The manager's exchange-rate tab (issue 11) against a small model of the till's rates: the rate in force with who
 * posted it and when, a typed rate posted as a whole amount of pounds per dollar (the model refuses what the
 * till's assertRate refuses), the new rate shown at once as waiting for head office, and the settings saved.
 */
let backend: FakeBranch;
let page: TestPage;
let view: ExchangeView;

beforeEach(async () => {
  await initI18n('en');
  const first: RateView = { rateId: '0190a0b2-7c3d-7e4f-8a5b-0000000000f1', base: 'USD', quote: 'LBP', rate: 89_500, note: null, postedByName: 'Head office', postedAt: new Date(2026, 11, 2, 8, 30).toISOString(), pending: false };
  view = { base: 'USD', settings: { quote: 'LBP', accepts: ['USD', 'LBP'], quoteStep: 5_000, rounding: 'nearest' }, current: first, recent: [first] };
  backend = new FakeBranch({
    'exchange.current': () => view,
    'exchange.postRate': ({ rateId, rate, note }) => {
      if (rate <= 0 || rate > 100_000_000) throw new DomainError('INVALID_INPUT', 'a rate is above zero');
      const posted: RateView = { rateId, base: 'USD', quote: 'LBP', rate, note: note ?? null, postedByName: 'Nadim Khoury', postedAt: new Date().toISOString(), pending: true };
      view = { ...view, current: posted, recent: [posted, ...view.recent] };
      return view;
    },
    'exchange.setSettings': (settings) => {
      view = { ...view, settings };
      return view;
    },
  });
  page = new TestPage(createBranchData(createClient(backend.bridge)));
  await page.render(<ExchangeScreen />);
});
afterEach(() => page.unmount());

const clean = (s: string) => s.replace(/[\u00a0\u202f\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();

describe('the exchange rate tab', () => {
  it('shows the rate in force with who and when, posts a typed rate and shows it waiting for head office', async () => {
    expect(clean(page.text('rate-current'))).toContain('$1.00 = LBP 89,500');
    expect(page.text('rate-current-by')).toBe('Posted by Head office, 02/12/2026, 08:30');
    expect(page.$('rate-pending')).toBeNull();

    await page.type('rate-input', '90,000');
    await page.type('rate-note', 'market, noon');
    await page.click('rate-post');
    expect(backend.inputs('exchange.postRate').map((i) => [i.rate, i.note])).toEqual([[90_000, 'market, noon']]);
    expect(page.get('rate-posted')).toBeTruthy();
    expect(page.get('rate-current').getAttribute('data-rate')).toBe('90000');
    expect(page.get('rate-pending')).toBeTruthy();
    expect(page.all('rate-row').map((r) => r.getAttribute('data-rate'))).toEqual(['90000', '89500']);
  });

  it('refuses a rate that is not an amount, zero, or a slip of extra zeros before asking the till', async () => {
    await page.type('rate-input', 'abc');
    await page.click('rate-post');
    expect(page.text('rate-error')).toMatch(/whole amount of LBP per USD/);
    await page.type('rate-input', '0');
    await page.click('rate-post');
    expect(page.get('rate-error')).toBeTruthy();
    expect(backend.inputs('exchange.postRate')).toEqual([]);
    await page.type('rate-input', '200,000,000');
    await page.click('rate-post');
    expect(clean(page.text('rate-error'))).toBe('LBP 200,000,000 is far beyond any rate: check the zeros.');
    expect(backend.inputs('exchange.postRate')).toEqual([]);
    expect(page.get('rate-current').getAttribute('data-rate')).toBe('89500');
  });

  it('saves the cash taken, the step and the rounding of the second currency', async () => {
    await page.click('exchange-accepts-LBP');
    await page.type('exchange-step', '1000');
    await page.click('exchange-rounding-down');
    await page.click('exchange-save');
    expect(backend.inputs('exchange.setSettings')).toEqual([{ quote: 'LBP', accepts: ['USD'], quoteStep: 1_000, rounding: 'down' }]);
  });
});
