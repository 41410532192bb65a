import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { wedgeScanThen } from './wedge';

/** The checkout: scan, cart, payment, receipt. Amounts are read from data-amount (integer minor units). */
export class CheckoutPage {
  constructor(readonly page: Page) {}

  screen(): Locator {
    return this.page.getByTestId('checkout-screen');
  }

  lines(): Locator {
    return this.page.getByTestId('cart-line');
  }

  /** Scans a code that is expected to reach the cart: a new line, or one more of a line already there. */
  async scan(code: string): Promise<void> {
    const snapshot = (): Promise<string> => this.lines().evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-product-id')}:${r.getAttribute('data-qty')}`).join(','));
    const before = await snapshot();
    await wedgeScanThen(this.page, code, async (timeout) => {
      await expect.poll(snapshot, { timeout }).not.toBe(before);
    });
    await expect(this.page.getByTestId('scan-status')).toHaveAttribute('data-code', code);
  }

  async scanStatus(): Promise<{ state: string | null; text: string }> {
    const status = this.page.getByTestId('scan-status');
    return { state: await status.getAttribute('data-state'), text: (await status.textContent()) ?? '' };
  }

  async amount(testId: 'cart-total' | 'amount-due' | 'change-due' | 'receipt-total' | 'receipt-change'): Promise<number> {
    return Number(await this.page.getByTestId(testId).getAttribute('data-amount'));
  }

  /** Types a cash amount as the cashier would (e.g. "20.00") and adds it as a tender. */
  async tenderCash(text: string): Promise<void> {
    await this.page.getByTestId('cash-input').fill(text);
    await this.page.getByTestId('cash-add').click();
  }

  async payExactCash(): Promise<void> {
    await this.page.getByTestId('cash-exact').click();
  }

  async complete(): Promise<Locator> {
    await this.page.getByTestId('complete-sale').click();
    const receipt = this.page.getByTestId('receipt');
    await expect(receipt).toBeVisible();
    return receipt;
  }

  /**
   * Throws the basket away: asked twice, then a void a manager approves (their PIN, unless the session already
   * holds a manager's approval).
   */
  async clearCart(managerPin: string): Promise<void> {
    await this.page.getByTestId('cart-clear').click();
    await this.page.getByTestId('cart-clear-confirm').click();
    const approval = this.page.getByTestId('void-approval');
    await expect(this.page.getByTestId('cart-empty').or(approval)).toBeVisible();
    if (await approval.isVisible()) {
      for (const digit of managerPin) await this.page.getByTestId(`manager-pin-${digit}`).click();
      await this.page.getByTestId('manager-pin-ok').click();
    }
    await expect(this.page.getByTestId('cart-empty')).toBeVisible();
  }

  async newSale(): Promise<void> {
    await this.page.getByTestId('new-sale').click();
    await expect(this.page.getByTestId('cart-empty')).toBeVisible();
  }

  /** One cash sale of these codes, paid exactly; returns the receipt's sale id. */
  async sell(codes: readonly string[]): Promise<string> {
    for (const code of codes) await this.scan(code);
    await this.payExactCash();
    const receipt = await this.complete();
    const saleId = (await receipt.getAttribute('data-sale-id')) ?? '';
    await this.newSale();
    return saleId;
  }
}
