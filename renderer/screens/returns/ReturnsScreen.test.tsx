// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchBridge, ReceiptView } from '../../../shared/api/branch-api';
import type { DemoProduct, DemoUser } from '../../../shared/demo';
import { saleCode } from '../../../shared/scan/sale-code';
import { createTempTill, type TempTill } from '../../../electron/test-support/temp-till';
import { createClient } from '../../api/client';
import { createBranchData } from '../../app/branch-data';
import { initI18n } from '../../i18n/i18n';
import { TestPage } from '../../test-support/fake-branch';
import { ReturnsScreen } from './ReturnsScreen';

/**
 * The returns screen (issue 11) against a real till backend (a temporary till database behind the branch API's
 * dispatcher, as web mode serves it). Worked by hand as in electron/services/returns.test.ts: two at $23.40 paid
 * $10.00 by card and a $50 note; one back is $23.40, $10.00 to the card and $13.40 in cash. A cashier's return
 * asks for a manager's PIN, then says what to hand back; more than is left is refused before anything is asked.
 */
let till: TempTill;
let page: TestPage;
let product: DemoProduct;
let manager: DemoUser;
let saleId: string;
let current: string | null;

beforeEach(async () => {
  await initI18n('en');
  till = createTempTill({ demo: { products: 12 } });
  const db = till.backend.db;
  product = till.stockedUnitProducts(1)[0] as DemoProduct;
  db.db.prepare('UPDATE products SET price = 2340, tax_class = NULL WHERE id = ?').run(product.id);
  manager = till.chain.users.find((u) => u.role === 'manager') as DemoUser;
  await till.loginAs('cashier');
  const sale = await till.call<ReceiptView>('sale.complete', {
    saleId: uuidv7(),
    lines: [{ productId: product.id, qty: 2000 }],
    tenders: [
      { method: 'card', amount: 10_00 },
      { method: 'cash', amount: 50_00 },
    ],
  });
  saleId = sale.saleId;
  const bridge: BranchBridge = { call: ((method: string, input: unknown) => till.backend.dispatch(method, input)) as BranchBridge['call'] };
  page = new TestPage(createBranchData(createClient(bridge)));
  current = null;
});
afterEach(() => {
  page.unmount();
  till.cleanup();
});

async function show(): Promise<void> {
  await page.render(<ReturnsScreen saleId={current} onSaleId={(id) => void (current = id)} />);
}
const returns = () => till.backend.db.db.prepare('SELECT count(*) FROM sale_returns').pluck().get() as number;

describe('a return at the till', () => {
  it('finds the sale by its receipt code, shows the refund per tender, asks a manager, and records it', async () => {
    await show();
    await page.type('return-code', saleCode(saleId));
    await page.click('return-find');
    expect(current).toBe(saleId);
    await show();
    expect(page.get('return-line-left').textContent).toContain('2');

    await page.type('return-line-qty', '1');
    await page.type('return-reason', 'wrong colour');
    await page.settle(50);
    const parts = page.all('refund-part').map((p) => [p.dataset['method'], p.dataset['currency'], p.dataset['amount']]);
    expect(parts).toEqual([
      ['card', 'USD', '1000'],
      ['cash', 'USD', '1340'],
    ]);
    expect(page.get('return-preview').textContent).toContain('$23.40');

    await page.click('return-submit');
    // a cashier's session: the manager types their PIN, and the return goes through
    expect(page.$('manager-approval')).not.toBeNull();
    expect(returns()).toBe(0);
    for (const d of manager.pin) await page.click(`manager-pin-${d}`);
    await page.click('manager-pin-ok');
    await page.settle(50);
    expect(page.get('return-done').textContent).toContain('$23.40');
    expect(page.get('return-done').textContent).toContain(manager.name);
    expect(returns()).toBe(1);
  });

  it('says when more than is left is asked, and writes nothing', async () => {
    current = saleId;
    await show();
    await page.type('return-line-qty', '3');
    await page.type('return-reason', 'x');
    await page.settle(50);
    expect(page.get('return-preview-error').textContent).toMatch(/only 2/);
    expect((page.get('return-submit') as HTMLButtonElement).disabled).toBe(true);
    expect(returns()).toBe(0);
  });

  it('says a typed receipt number that is no sale of this till is not found', async () => {
    await show();
    await page.type('return-code', 'H9-999999');
    await page.click('return-find');
    expect(page.get('return-find-error').textContent).toContain('H9-999999');
    expect(current).toBeNull();
  });
});
