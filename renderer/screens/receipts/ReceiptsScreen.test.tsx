// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BranchBridge, ReceiptView, SaleSearchPage } from '../../../shared/api/branch-api';
import { createClient } from '../../api/client';
import { BranchProvider, createBranchData } from '../../app/branch-data';
import { applyDisplay, initI18n } from '../../i18n/i18n';
import { ReceiptDialog } from '../checkout/ReceiptDialog';
import { ReceiptsScreen } from './ReceiptsScreen';
import { testReceipt } from '../../test-support/receipt';

/**
 * Issue 11, receipt history: the search box sends a receipt number as a number and an amount typed in the till's
 * language as minor units; a past sale opens unmarked, and its reprint is marked COPY on the page before the
 * print starts; the receipt printed at the end of a sale is never marked.
 */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const receipt: ReceiptView = testReceipt({ number: 'H1-000012', status: 'reversed' }, { reversed: true });

let root: Root;
let host: HTMLDivElement;
let asked: Array<Record<string, unknown>>;
/** what the page showed when the print began: the print takes the page as it is then */
let atPrint: { copyMarks: number; text: string } | null;
/** what the page asked the receipt printer for */
let printAsks: Array<Record<string, unknown>>;

const bridge: BranchBridge = {
  call: (async (method: string, input: Record<string, unknown>) => {
    // a till in web mode: nothing on the backend draws receipts, so the page prints itself
    if (method === 'receipt.print') {
      printAsks.push(input);
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'print from the browser', details: { reason: 'no_raster' } } };
    }
    if (method === 'printer.settings') return { ok: true, value: { connection: { kind: 'none' }, paper: '80mm', autoPrint: true, cashDrawer: true } };
    if (method !== 'sale.search') return { ok: false, error: { code: 'NOT_FOUND', message: method } };
    asked.push(input);
    const page: SaleSearchPage = { sales: [receipt], nextCursor: null };
    return { ok: true, value: page };
  }) as BranchBridge['call'],
};

const $ = (id: string) => host.querySelector(`[data-testid="${id}"]`) as HTMLElement | null;
const copyMarks = () => host.querySelectorAll('[data-testid="receipt-copy"]').length;
const settle = () => act(async () => new Promise((r) => setTimeout(r, 10)));
async function search(text: string): Promise<void> {
  await act(async () => {
    const box = $('receipts-search') as HTMLInputElement;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(box, text);
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(async () => ($('receipts-find') as HTMLButtonElement).click());
  await settle();
}
async function render(node: React.ReactNode): Promise<void> {
  await act(async () => root.render(<BranchProvider branch={createBranchData(createClient(bridge))}>{node}</BranchProvider>));
  await settle();
}

beforeEach(async () => {
  await initI18n('en');
  asked = [];
  atPrint = null;
  printAsks = [];
  vi.spyOn(window, 'focus').mockImplementation(() => {});
  vi.spyOn(window, 'print').mockImplementation(() => {
    atPrint = { copyMarks: copyMarks(), text: host.textContent ?? '' };
  });
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
  vi.restoreAllMocks();
});

describe('the receipt history', () => {
  it('searches a receipt number as a number, and an amount typed the French way as minor units', async () => {
    await render(<ReceiptsScreen />);
    expect(asked.at(-1)).toEqual({ limit: 20 });
    await search(' H1-0000 ');
    expect(asked.at(-1)).toEqual({ limit: 20, number: 'H1-0000' });
    await act(async () => applyDisplay({ language: 'fr', digits: 'latin' }));
    await search('4,50');
    expect(asked.at(-1)).toEqual({ limit: 20, total: 450 });
    await act(async () => applyDisplay({ language: 'ar', digits: 'arab' }));
    await search('٤٫٥٠');
    expect(asked.at(-1)).toEqual({ limit: 20, total: 450 });
    // a day: from its local midnight to the next, both in UTC for the backend
    await act(async () => {
      const day = $('receipts-day') as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(day, '2026-12-02');
      day.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await search('');
    const { from, to, ...rest } = asked.at(-1) as { from: string; to: string };
    expect(rest).toEqual({ limit: 20 });
    const start = new Date(from);
    expect([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours(), start.getMinutes()]).toEqual([2026, 11, 2, 0, 0]);
    expect(from.endsWith('Z') && to.endsWith('Z')).toBe(true);
    expect(new Date(to).getTime() - start.getTime()).toBe(24 * 3600_000);
    const before = asked.length;
    await search('4.5.0,1');
    expect($('receipts-unreadable')).not.toBeNull();
    expect(asked.length).toBe(before);
  });

  it('lists the sale with its status, opens it unmarked and marks the reprint COPY before it prints', async () => {
    await render(<ReceiptsScreen />);
    const row = $('receipts-row');
    expect(row?.getAttribute('data-number')).toBe('H1-000012');
    expect(row?.textContent).toContain('Reversed');
    expect(row?.textContent).toContain('$4.50');

    await act(async () => ($('receipts-open') as HTMLButtonElement).click());
    expect($('receipt')?.getAttribute('data-number')).toBe('H1-000012');
    expect(copyMarks()).toBe(0);
    expect($('receipt')?.textContent).not.toContain('COPY');

    await act(async () => ($('receipt-reprint') as HTMLButtonElement).click());
    await settle();
    expect(printAsks).toEqual([{ saleId: receipt.saleId, copy: true }]);
    expect(window.print).toHaveBeenCalledTimes(1);
    // marked at the top and the bottom, already when the print began
    expect(atPrint?.copyMarks).toBe(2);
    expect(atPrint?.text).toContain('COPY');
    expect($('receipt')?.getAttribute('data-copy')).toBe('true');
  });

  it('marks the copy in the till\u2019s language', async () => {
    await act(async () => applyDisplay({ language: 'ar', digits: 'arab' }));
    await render(<ReceiptsScreen />);
    await act(async () => ($('receipts-open') as HTMLButtonElement).click());
    await act(async () => ($('receipt-reprint') as HTMLButtonElement).click());
    await settle();
    expect(atPrint?.text).toContain('نسخة');
    expect(atPrint?.text).not.toContain('COPY');
  });
});

describe('the receipt printed when a sale completes', () => {
  it('is the original: never marked COPY', async () => {
    await render(<ReceiptDialog receipt={{ ...receipt, status: 'completed' }} onClose={() => {}} />);
    await act(async () => ($('receipt-print') as HTMLButtonElement).click());
    await settle();
    expect(printAsks).toEqual([{ saleId: receipt.saleId, copy: false }]);
    expect(window.print).toHaveBeenCalledTimes(1);
    expect(atPrint?.copyMarks).toBe(0);
    expect(atPrint?.text).not.toContain('COPY');
    expect($('receipt')?.getAttribute('data-copy')).toBe('false');
  });
});
