// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReceiptView, ScanView } from '../../../shared/api/branch-api';
import { DomainError } from '../../../shared/domain/errors';
import { transferCode } from '../../../shared/scan/transfer-code';
import { saleCode } from '../../../shared/scan/sale-code';
import { testProduct } from '../../../shared/domain/test-support/product';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { useCartStore } from '../../stores/cart-store';
import { FakeBranch, TestPage } from '../../test-support/fake-branch';
import { CheckoutScreen } from './CheckoutScreen';

/**
 * Issue 8, packs at the checkout: scanning the case barcode of a 24-pack adds 24 cans as one line marked with the
 * case and priced by the case; the line's box counts cases and +/- step one case; a loose can is a line of its
 * own; sale.complete names the case barcode. The backend answers catalog.lookup as the contract says: the
 * product, and the pack when the code was one of its pack barcodes.
 */
const CAN = '5449000000996';
const CASE = '05449000000996';
const cola = testProduct({ name: 'Cola 330 ml', price: 75, barcodes: [CAN], packs: [{ barcode: CASE, units: 24, price: 1500 }] });

let backend: FakeBranch;
let page: TestPage;
const lines = () => page.all('cart-line');

beforeEach(async () => {
  await initI18n('en');
  useCartStore.getState().reset('USD');
  backend = new FakeBranch({
    'catalog.lookup': ({ code }): ScanView => {
      const pack = cola.packs?.find((p) => p.barcode === code) ?? null;
      if (pack === null && !cola.barcodes.includes(code)) throw new DomainError('UNKNOWN_BARCODE', code);
      return { product: cola, available: 480_000, pack };
    },
    // the fake session is a manager's: a void is recorded at once
    'cart.void': (input) => ({ voidId: input.voidId }),
    'sale.complete': (input): ReceiptView => {
      throw new DomainError('INVALID_INPUT', `seen ${input.lines.length} lines`);
    },
  });
  page = new TestPage(createBranchData(createClient(backend.bridge)));
  await page.render(<CheckoutScreen />);
});
afterEach(() => page.unmount());

describe('a pack barcode at the checkout', () => {
  it('adds one line of 24 cans marked "Case × 24" at the case price; a loose can is another line', async () => {
    await page.scan(CASE);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]!.getAttribute('data-qty')).toBe('24000');
    expect(page.text('cart-line-pack')).toBe('Case × 24');
    expect(page.text('cart-line-total')).toBe('$15.00');
    expect((page.get('cart-line-qty') as HTMLInputElement).value).toBe('1');
    expect(page.text('cart-total')).toContain('$15.00');

    await page.scan(CAN);
    expect(lines()).toHaveLength(2);
    expect(lines()[1]!.getAttribute('data-qty')).toBe('1000');
    expect(page.$('cart-line-pack', lines()[1])).toBeNull();
    expect(page.text('cart-total')).toContain('$15.75');
  });

  it('+ and − step one whole case, and a typed 3 is three cases (72 cans)', async () => {
    await page.scan(CASE);
    await page.click('cart-line-plus');
    expect(lines()[0]!.getAttribute('data-qty')).toBe('48000');
    expect(page.text('cart-line-total')).toBe('$30.00');
    await page.click('cart-line-minus');
    await page.settle();
    expect(lines()[0]!.getAttribute('data-qty')).toBe('24000');
    // one case fewer is a void of 24 cans
    expect(backend.inputs('cart.void').map((v) => v.lines)).toEqual([[{ productId: cola.id, qty: 24_000 }]]);
    expect((page.get('cart-line-minus') as HTMLButtonElement).disabled).toBe(true);

    const box = page.get('cart-line-qty') as HTMLInputElement;
    await page.type(box, '3');
    box.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    await page.settle();
    expect(lines()[0]!.getAttribute('data-qty')).toBe('72000');
    expect(page.text('cart-line-total')).toBe('$45.00');
  });

  it('sale.complete names the case barcode on the case line only', async () => {
    await page.scan(CASE);
    await page.scan(CAN);
    await page.click('cash-exact');
    await page.click('complete-sale');
    expect(backend.inputs('sale.complete').at(-1)?.lines).toEqual([
      { productId: cola.id, qty: 24_000, pack: CASE },
      { productId: cola.id, qty: 1000 },
    ]);
  });
});

describe('a delivery note scanned at the checkout', () => {
  it('is said to be one (opened in Manager > Transfers), and no product is looked up or added', async () => {
    const before = backend.inputs('catalog.lookup').length;
    await page.scan(transferCode('0190a0b2-7c3d-7e4f-8a5b-1a2b3c4d5e6f'));
    expect(page.get('scan-status').getAttribute('data-state')).toBe('error');
    expect(page.text('scan-status')).toContain('delivery note');
    expect(backend.inputs('catalog.lookup').length).toBe(before);
    expect(lines()).toHaveLength(0);
  });
});

describe("a customer's receipt scanned at the checkout", () => {
  it('opens a return of its sale, and no product is looked up or added', async () => {
    const saleId = '0190a0b2-7c3d-7e4f-8a5b-1a2b3c4d5e70';
    const asked: string[] = [];
    await page.render(<CheckoutScreen onReturn={(id) => asked.push(id)} />);
    const before = backend.inputs('catalog.lookup').length;
    await page.scan(saleCode(saleId));
    expect(asked).toEqual([saleId]);
    expect(backend.inputs('catalog.lookup').length).toBe(before);
    expect(lines()).toHaveLength(0);
  });

  it('without the returns screen to go to, says it is a receipt', async () => {
    await page.scan(saleCode('0190a0b2-7c3d-7e4f-8a5b-1a2b3c4d5e70'));
    expect(page.text('scan-status')).toContain('receipt');
    expect(lines()).toHaveLength(0);
  });
});
