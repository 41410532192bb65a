// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { parseSaleCode } from '../../../shared/scan/sale-code';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge, ReceiptView } from '../../../shared/api/branch-api';
import { createClient } from '../../api/client';
import { BranchProvider, createBranchData } from '../../app/branch-data';
import { applyDisplay, initI18n } from '../../i18n/i18n';
import { Receipt } from './ReceiptDialog';
import { testReceipt } from '../../test-support/receipt';

/** Issue 11 item 6: the receipt is in the till's language and digits; its number, a code, stays as it is. */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let receipt: ReceiptView = testReceipt();
const nothing: BranchBridge = { call: async () => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'not here' } }) as never };

let root: Root;
let host: HTMLDivElement;
const text = () => (host.textContent ?? '').replace(/[\u200e\u200f\u061c\u2066-\u2069]/g, '').replace(/[\u00a0\u202f]/g, ' ');
async function show(): Promise<void> {
  await act(async () =>
    root.render(
      <BranchProvider branch={createBranchData(createClient(nothing))}>
        <Receipt receipt={receipt} />
      </BranchProvider>,
    ),
  );
}

beforeEach(async () => {
  receipt = testReceipt();
  await initI18n('en');
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

describe('the receipt', () => {
  it('in Arabic with Arabic-Indic digits: Arabic words, ٠١٢٣ amounts and quantities, the receipt number unchanged', async () => {
    await applyDisplay({ language: 'ar', digits: 'arab' });
    await show();
    const t = text();
    for (const words of ['المجموع', 'الباقي', 'نقدًا', 'شكرًا لزيارتكم!', 'أمين الصندوق Rania Haddad']) expect(t).toContain(words);
    expect(t).toContain('٣ قطع × ١٫٥٠ US$');
    expect(t).toContain('٤٫٥٠ US$');
    expect(t).toContain('٠٫٥٠ US$');
    expect(t).toContain('٠٢/١٢/٢٠٢٦');
    expect(host.querySelector('[data-testid="receipt-number"]')?.textContent).toBe('T1-000123');
    // no Latin digit anywhere but in the receipt number and the till's name (data, as head office wrote them)
    expect(t.replace('T1-000123', '').replace('Till 1', '')).not.toMatch(/[0-9]/);
  });

  it('in French with Latin digits', async () => {
    await applyDisplay({ language: 'fr', digits: 'latin' });
    await show();
    const t = text();
    expect(t).toContain('Merci de votre visite !');
    expect(t).toContain('3 pces × 1,50 $US');
    expect(t).toContain('Monnaie à rendre');
    expect(t).toContain('02/12/2026 17:04');
  });

  it('in English by default', async () => {
    await show();
    expect(text()).toContain('3 pcs × $1.50');
    expect(text()).toContain('02/12/2026, 17:04');
  });

  it("carries the sale's code as a barcode at its foot, which reads back to the sale", async () => {
    await show();
    await act(async () => new Promise((r) => setTimeout(r, 300)));
    const barcode = host.querySelector('[data-testid="receipt-barcode"]') as HTMLElement;
    expect(parseSaleCode(barcode.dataset['code'] ?? '')).toBe(receipt.saleId);
    // the bars are drawn (bwip-js's SVG), not only the digits kept in an attribute
    expect(barcode.querySelector('svg path')).not.toBeNull();
  });
});

/**
 * Issue 11: a sale in dollars and pounds. $23.40 at 89,500 LBP per USD (2,094,300 LBP), paid $20 and 500,000 LBP,
 * change in pounds: 195,700 due back, 195,000 handed over, 700 kept. The receipt shows, as the Economy Ministry's
 * decision of 2 March 2023 asks, the total in pounds, the rate applied, the date and the time, each tender in its
 * currency, the change per currency and the rounding line.
 */
const rateId = '0190a0b2-7c3d-7e4f-8a5b-0000000000f1';
const mixed = (): ReceiptView =>
  testReceipt(
    {
      tenders: [
        { method: 'cash', amount: 20_00, currency: 'USD' },
        { method: 'cash', amount: 500_000, currency: 'LBP' },
      ],
      total: 23_40,
      change: 0,
      exchange: { rate: { rateId, base: 'USD', quote: 'LBP', rate: 89_500 }, totalQuote: 2_094_300, changeIn: 'quote', changeQuote: 195_000, rounding: 700 },
    },
    { qty: 1000, unitPrice: 23_40, total: 23_40 },
  );
const row = (testId: string) => (host.querySelector(`[data-testid="${testId}"]`)?.closest('tr')?.textContent ?? '').replace(/[\u200e\u200f\u061c\u2066-\u2069]/g, '').replace(/[\u00a0\u202f]/g, ' ');

describe('the receipt of a sale in two currencies', () => {
  it('in English: total and rate in pounds, each tender in its currency, change per currency, the rounding line, date and time', async () => {
    receipt = mixed();
    await show();
    expect(row('receipt-total-quote')).toBe('Total in LBPLBP 2,094,300');
    expect(row('receipt-rate')).toBe('Rate applied$1.00 = LBP 89,500');
    expect(host.querySelector('[data-testid="receipt-rate"]')?.getAttribute('data-rate-id')).toBe(rateId);
    expect([...host.querySelectorAll('[data-testid="receipt-tender"]')].map((r) => r.textContent?.replace(/[\u00a0\u202f]/g, ' '))).toEqual(['Cash in USD$20.00', 'Cash in LBPLBP 500,000']);
    expect(row('receipt-change')).toBe('Change in USD$0.00');
    expect(row('receipt-change-quote')).toBe('Change in LBPLBP 195,000');
    expect(row('receipt-rounding')).toBe('Rounding (LBP)LBP 700');
    expect(text()).toContain('02/12/2026, 17:04');
  });

  it('in French', async () => {
    await applyDisplay({ language: 'fr', digits: 'latin' });
    receipt = mixed();
    await show();
    expect(row('receipt-total-quote')).toBe('Total en LBP2 094 300 £LB');
    expect(row('receipt-rate')).toBe('Taux appliqué1,00 $US = 89 500 £LB');
    expect(row('receipt-change-quote')).toBe('Monnaie en LBP195 000 £LB');
    expect(row('receipt-rounding')).toBe('Arrondi (LBP)700 £LB');
  });

  it('in Arabic with Arabic-Indic digits: every amount of both currencies in ٠١٢٣, no Latin digit', async () => {
    await applyDisplay({ language: 'ar', digits: 'arab' });
    receipt = mixed();
    await show();
    expect(row('receipt-total-quote')).toBe('المجموع بـLBP٢٬٠٩٤٬٣٠٠ ل.ل.');
    expect(row('receipt-rate')).toBe('سعر الصرف المعتمد١٫٠٠ US$ = ٨٩٬٥٠٠ ل.ل.');
    expect(row('receipt-rounding')).toBe('التقريب (LBP)٧٠٠ ل.ل.');
    expect(text().replace('T1-000123', '').replace('Till 1', '')).not.toMatch(/[0-9]/);
  });

  it('a sale without a rate shows none of it', async () => {
    await show();
    for (const id of ['receipt-total-quote', 'receipt-rate', 'receipt-change-quote', 'receipt-rounding']) expect(host.querySelector(`[data-testid="${id}"]`)).toBeNull();
    expect(row('receipt-change')).toBe('Change$0.50');
  });
});
