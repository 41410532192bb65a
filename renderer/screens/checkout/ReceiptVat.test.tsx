// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge, ReceiptView } from '../../../shared/api/branch-api';
import { createClient } from '../../api/client';
import { BranchProvider, createBranchData } from '../../app/branch-data';
import { applyDisplay, initI18n } from '../../i18n/i18n';
import { Receipt, ReceiptDialog } from './ReceiptDialog';
import { testReceipt } from '../../test-support/receipt';

/**
 * The receipt's legal block (issue 11): the tenant's name, address and tax number at the top, the VAT per rate
 * (net, VAT, gross), and with a rate the ministry's block (total and VAT in LBP, the rate, date and time), on the
 * screen, on paper (the same component printed) and on a reprint, in en/ar/fr. Figures worked by hand:
 * two $10.00 and one $5.55 at 11% ($25.55) and $3.00 exempt.
 *   inclusive: VAT 25.55 × 11/111 = $2.53, net $23.02, total $28.55; at 89,500: LBP 2,555,225 total, VAT LBP 226,435.
 *   exclusive: VAT 25.55 × 11% = $2.81, gross $28.36, total $31.36; at 89,500: LBP 2,806,720 total, VAT LBP 251,495.
 */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const nothing: BranchBridge = { call: async () => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'not here' } }) as never };
const RATE = { rateId: '0190a0b2-7c3d-7e4f-8a5b-000000000040', base: 'USD', quote: 'LBP', rate: 89_500 } as const;
const LEGAL = { name: 'Hamra Trading SAL', address: 'Hamra St, Beirut', taxNumber: '123456-601' };

function line(n: number, name: string, qty: number, unitPrice: number) {
  return {
    lineId: `0190a0b2-7c3d-7e4f-8a5b-00000000005${n}`,
    productId: `0190a0b2-7c3d-7e4f-8a5b-00000000006${n}`,
    sku: name.toUpperCase(),
    name,
    unit: 'each',
    qty,
    unitPrice,
    total: (qty / 1000) * unitPrice,
    reversed: false,
  };
}
const LINES = [line(1, 'Olive oil', 2000, 10_00), line(2, 'Soap', 1000, 5_55), line(3, 'Bread', 1000, 3_00)];

function inclusive(over: Partial<ReceiptView> = {}): ReceiptView {
  return testReceipt({
    lines: LINES,
    total: 28_55,
    tenders: [{ method: 'cash', amount: 30_00 }],
    change: 1_45,
    legal: LEGAL,
    vat: {
      pricesIncludeTax: true,
      rows: [
        { rateBp: 1100, net: 23_02, vat: 2_53, gross: 25_55 },
        { rateBp: 0, net: 3_00, vat: 0, gross: 3_00 },
      ],
      net: 26_02,
      vat: 2_53,
      gross: 28_55,
    },
    ...over,
  });
}

function exclusive(): ReceiptView {
  return inclusive({
    total: 31_36,
    tenders: [{ method: 'cash', amount: 31_36 }],
    change: 0,
    vat: {
      pricesIncludeTax: false,
      rows: [
        { rateBp: 1100, net: 25_55, vat: 2_81, gross: 28_36 },
        { rateBp: 0, net: 3_00, vat: 0, gross: 3_00 },
      ],
      net: 28_55,
      vat: 2_81,
      gross: 31_36,
    },
    exchange: { rate: RATE, totalQuote: 2_806_720, changeIn: 'base', changeQuote: 0, rounding: 0 },
  });
}

let root: Root;
let host: HTMLDivElement;
const text = () => (host.textContent ?? '').replace(/[\u200e\u200f\u061c\u2066-\u2069]/g, '').replace(/[\u00a0\u202f]/g, ' ');
const q = (id: string) => host.querySelector(`[data-testid="${id}"]`);
const rows = () =>
  [...host.querySelectorAll('[data-testid="receipt-vat-row"]')].map((r) => ({
    rateBp: Number(r.getAttribute('data-rate-bp')),
    cells: [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').replace(/[\u200e\u200f\u061c\u2066-\u2069]/g, '').replace(/[\u00a0\u202f]/g, ' ')),
  }));

async function show(node: React.ReactNode): Promise<void> {
  await act(async () => root.render(<BranchProvider branch={createBranchData(createClient(nothing))}>{node}</BranchProvider>));
}

beforeEach(async () => {
  await initI18n('en');
  await applyDisplay({ language: 'en', digits: 'latin' });
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

describe('the legal receipt', () => {
  it('inclusive prices, on the screen: the legal identity first, VAT per rate, the total VAT', async () => {
    await show(<ReceiptDialog receipt={inclusive()} onClose={() => {}} />);
    const t = text();
    const legal = q('receipt-legal');
    expect(legal?.textContent).toContain('Hamra Trading SAL');
    expect(q('receipt-legal-address')?.textContent).toBe('Hamra St, Beirut');
    expect(text()).toContain('Tax no. 123456-601');
    // at the top: before the store's name and the lines
    expect(t.indexOf('Hamra Trading SAL')).toBeLessThan(t.indexOf('Olive oil'));
    expect(rows()).toEqual([
      { rateBp: 1100, cells: ['11%', '$23.02', '$2.53', '$25.55'] },
      { rateBp: 0, cells: ['0%', '$3.00', '$0.00', '$3.00'] },
    ]);
    expect(q('receipt-vat-total')?.getAttribute('data-amount')).toBe('253');
    expect(t).toContain('Total VAT$2.53');
    expect(t).toContain('Prices include VAT');
    // no rate: no ministry block
    expect(q('receipt-vat-quote')).toBeNull();
  });

  it('exclusive prices with a rate: the total paid is net + VAT, and the ministry block gives total and VAT in LBP with rate, date and time', async () => {
    await show(<Receipt receipt={exclusive()} />);
    const t = text();
    expect(rows()).toEqual([
      { rateBp: 1100, cells: ['11%', '$25.55', '$2.81', '$28.36'] },
      { rateBp: 0, cells: ['0%', '$3.00', '$0.00', '$3.00'] },
    ]);
    expect(q('receipt-total')?.getAttribute('data-amount')).toBe('3136');
    expect(t).toContain('VAT added to prices');
    expect(q('receipt-total-quote')?.getAttribute('data-amount')).toBe('2806720');
    expect(q('receipt-vat-quote')?.getAttribute('data-amount')).toBe('251495');
    expect(t).toContain('VAT in LBP');
    expect(t).toMatch(/VAT in LBPLBP\s?251,495/);
    expect(q('receipt-rate')?.getAttribute('data-rate')).toBe('89500');
    // the date as the till's locale writes it, day first, with the time
    expect(q('receipt-date-time')?.textContent).toMatch(/02\/12\/2026.*17:04/);
  });

  it('a reprint shows the same legal block, VAT and ministry block, marked COPY', async () => {
    await show(<Receipt receipt={exclusive()} copy />);
    expect(q('receipt-copy')).not.toBeNull();
    expect(q('receipt-tax-number')?.textContent).toContain('123456-601');
    expect(rows().map((r) => r.cells)).toEqual([
      ['11%', '$25.55', '$2.81', '$28.36'],
      ['0%', '$3.00', '$0.00', '$3.00'],
    ]);
    expect(q('receipt-vat-quote')?.getAttribute('data-amount')).toBe('251495');
  });

  it('in French and in Arabic with Arabic-Indic digits', async () => {
    await applyDisplay({ language: 'fr', digits: 'latin' });
    await show(<Receipt receipt={exclusive()} />);
    let t = text();
    for (const words of ['N° TVA 123456-601', 'Taux de TVA', 'HT', 'TTC', 'TVA en LBP', 'Date et heure', 'Total TVA']) expect(t).toContain(words);
    expect(rows()[0]?.cells).toEqual(['11 %', '25,55 $US', '2,81 $US', '28,36 $US']);

    await applyDisplay({ language: 'ar', digits: 'arab' });
    await show(<Receipt receipt={exclusive()} />);
    t = text();
    for (const words of ['الرقم الضريبي 123456-601', 'نسبة الضريبة', 'الضريبة بـLBP', 'التاريخ والوقت', 'الضريبة مضافة إلى الأسعار']) expect(t).toContain(words);
    expect(rows()[0]?.cells).toEqual(['١١٪', '٢٥٫٥٥ US$', '٢٫٨١ US$', '٢٨٫٣٦ US$']);
    expect(q('receipt-date-time')?.textContent?.replace(/[\u200e\u200f\u061c\u2066-\u2069]/g, '')).toContain('٠٢/١٢/٢٠٢٦');
  });

  it('a sale without VAT or a legal identity shows neither', async () => {
    await show(<Receipt receipt={testReceipt()} />);
    expect(q('receipt-legal')).toBeNull();
    expect(q('receipt-vat')).toBeNull();
    expect(q('receipt-vat-total')).toBeNull();
  });
});
