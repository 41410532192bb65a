import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { wedgeScanThen } from './wedge';

/** Header > Reservations: customer orders set aside at this store. */
export class ReservationsPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByTestId('nav-reservations').click();
    await expect(this.page.getByTestId('reservations-screen')).toBeVisible();
  }

  card(reservationId: string): Locator {
    return this.page.locator(`[data-testid="reservation-card"][data-reservation-id="${reservationId}"]`);
  }

  openCards(): Locator {
    return this.page.getByTestId('reservations-open').getByTestId('reservation-card');
  }

  ended(reservationId: string): Locator {
    return this.page.locator(`[data-testid="reservation-ended-row"][data-reservation-id="${reservationId}"]`);
  }

  /** Sets goods aside: customer, each line scanned then its quantity typed, the hours it holds; the new reservation's id. */
  async reserve(customer: { name?: string; phone?: string }, lines: ReadonlyArray<{ code: string; productId: string; qty: string }>, hours: string): Promise<string> {
    const before = new Set(await this.openCards().evaluateAll((cards) => cards.map((c) => c.getAttribute('data-reservation-id'))));
    await this.page.getByTestId('reservations-new').click();
    if (customer.name !== undefined) await this.page.getByTestId('reservation-new-name').fill(customer.name);
    if (customer.phone !== undefined) await this.page.getByTestId('reservation-new-phone').fill(customer.phone);
    await this.page.getByTestId('reservation-new-hours').fill(hours);
    for (const l of lines) {
      const row = this.page.locator(`[data-testid="reservation-new-line"][data-product-id="${l.productId}"]`);
      await wedgeScanThen(this.page, l.code, (timeout) => expect(row).toBeVisible({ timeout }));
      await row.getByTestId('reservation-new-qty').fill(l.qty);
    }
    await this.page.getByTestId('reservation-new-submit').click();
    await expect(this.page.getByTestId('reservations-created')).toBeVisible();
    let id = '';
    await expect(async () => {
      const now = await this.openCards().evaluateAll((cards) => cards.map((c) => c.getAttribute('data-reservation-id')));
      id = now.find((x) => x !== null && !before.has(x)) ?? '';
      expect(id).not.toBe('');
    }).toPass();
    return id;
  }
}
