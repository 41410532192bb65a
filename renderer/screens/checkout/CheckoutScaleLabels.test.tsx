// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge } from '../../../shared/api/branch-api';
import type { DemoProduct } from '../../../shared/demo';
import { withCheckDigit } from '../../../shared/domain/barcode';
import { createTempTill, type TempTill } from '../../../electron/test-support/temp-till';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { useCartStore } from '../../stores/cart-store';
import { TestPage } from '../../test-support/fake-branch';
import { CheckoutScreen } from './CheckoutScreen';

/**
 * Scale labels at the checkout (issue 11) against a real till backend, seeded with the demo stores' formats
 * (21 + 5-digit PLU + grams; 22 + 4-digit PLU + a check digit + cents): a label becomes a line of its product
 * that sells what the label says, and the receipt charges it; a label the till cannot sell is said, nothing added.
 */
let till: TempTill;
let page: TestPage;
let loose: DemoProduct;
let counted: DemoProduct;
const lines = () => page.all('cart-line');

beforeEach(async () => {
  await initI18n('en');
  useCartStore.getState().reset('USD');
  till = createTempTill({ demo: { products: 12 } });
  loose = till.chain.products.find((p) => p.active && p.unit === 'kg' && p.plu !== undefined) as DemoProduct;
  [counted] = till.stockedUnitProducts(1, { barcode: true }) as [DemoProduct];
  // $29.99 a kg: a gram is 3 cents, so a price label's price is not its rounded weight's
  till.backend.db.db.prepare('UPDATE products SET price = ?, tax_class = NULL WHERE id = ?').run(29_99, loose.id);
  till.backend.db.db.prepare('UPDATE products SET plu = ? WHERE id = ?').run('77', counted.id);
  await till.loginAs('cashier');
  const bridge: BranchBridge = { call: ((method: string, input: unknown) => till.backend.dispatch(method, input)) as BranchBridge['call'] };
  page = new TestPage(createBranchData(createClient(bridge)));
  await page.render(<CheckoutScreen />);
});
afterEach(() => {
  page.unmount();
  till.cleanup();
});

const plu = () => loose.plu as string;

describe('a scale label at the checkout', () => {
  it('a price label is a line at its printed price with the weight it buys, and the receipt charges that price', async () => {
    // item 00PLU, price check digit 7, $10.00: 10.00 / 29.99 = 0.333 kg
    await page.scan(withCheckDigit(`22${plu().padStart(4, '0')}701000`));
    expect(lines()).toHaveLength(1);
    expect(lines()[0]!.getAttribute('data-qty')).toBe('333');
    expect(page.get('cart-line-label').getAttribute('data-kind')).toBe('price');
    expect(page.text('cart-line-label')).toBe('Price label');
    expect(page.text('cart-line-total')).toBe('$10.00');
    // one weighing: its weight is not typed, and its price is the printed one
    expect((page.get('cart-line-qty') as HTMLInputElement).readOnly).toBe(true);
    expect(page.$('cart-line-price-open')).toBeNull();

    await page.click('cash-exact');
    await page.click('complete-sale');
    await page.settle(80);
    expect(page.get('receipt-total').getAttribute('data-amount')).toBe('1000');
  });

  it('a weight label is a line of that weight at the price per kg; two labels are two lines', async () => {
    await page.scan(withCheckDigit(`21${plu().padStart(5, '0')}01250`));
    await page.scan(withCheckDigit(`21${plu().padStart(5, '0')}00500`));
    expect(lines().map((l) => l.getAttribute('data-qty'))).toEqual(['1250', '500']);
    expect(page.text('cart-line-label', lines()[0])).toBe('Weighed');
    // 1.250 kg x $29.99 = $37.4875, and 0.5 kg $14.995: $37.49 + $15.00
    expect(page.all('cart-line-total').map((t) => t.textContent)).toEqual(['$37.49', '$15.00']);
    await page.click('cash-exact');
    await page.click('complete-sale');
    await page.settle(80);
    expect(page.get('receipt-total').getAttribute('data-amount')).toBe('5249');
  });

  it('says why a label cannot be sold, in the till’s language, and adds nothing', async () => {
    await page.scan(withCheckDigit('219999901250'));
    expect(page.get('scan-status').getAttribute('data-state')).toBe('error');
    expect(page.text('scan-status')).toBe('Scale label for item 99999: no product has that item code (PLU). Weigh it again or search by name.');
    await page.scan(withCheckDigit('210007701250'));
    expect(page.text('scan-status')).toBe(`${counted.name} is not sold by weight: a scale label cannot sell it. Scan its own barcode.`);
    await initI18n('fr');
    await page.scan(withCheckDigit(`21${plu().padStart(5, '0')}00000`));
    expect(page.text('scan-status')).toBe(`L’étiquette de balance de ${loose.name} n’indique rien (ni poids ni prix). Pesez à nouveau.`);
    expect(lines()).toHaveLength(0);
  });
});
