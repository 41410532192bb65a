// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge, ReceiptView } from '../../../shared/api/branch-api';
import { createClient } from '../../api/client';
import { BranchProvider, createBranchData } from '../../app/branch-data';
import { applyDisplay, initI18n } from '../../i18n/i18n';
import { Receipt } from './ReceiptDialog';
import { testReceipt } from '../../test-support/receipt';

/** Issue 11 item 6: the receipt is in the till's language and digits; its number, a code, stays as it is. */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const receipt: ReceiptView = testReceipt();
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
});
