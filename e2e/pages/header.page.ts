import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/** The header every screen shows: where we are, who is logged in, and the sync status. */
export class HeaderBar {
  constructor(readonly page: Page) {}

  badge() {
    return this.page.getByTestId('sync-badge');
  }

  queue() {
    return this.page.getByTestId('sync-queue');
  }

  async queued(): Promise<number> {
    return Number(await this.queue().getAttribute('data-count'));
  }

  async expectBadge(state: 'online' | 'offline' | 'unreachable' | 'attention', timeout = 20_000): Promise<void> {
    await expect(this.badge()).toHaveAttribute('data-state', state, { timeout });
  }

  async expectQueued(count: number, timeout = 20_000): Promise<void> {
    await expect(this.queue()).toHaveAttribute('data-count', String(count), { timeout });
  }

  async syncNow(): Promise<void> {
    await this.page.getByTestId('sync-now').click();
  }

  async goToCheckout(): Promise<void> {
    await this.page.getByTestId('nav-checkout').click();
    await expect(this.page.getByTestId('checkout-screen')).toBeVisible();
  }

  async goToManager(): Promise<void> {
    await this.page.getByTestId('nav-manager').click();
  }

  async logout(): Promise<void> {
    await this.page.getByTestId('logout').click();
    await expect(this.page.getByTestId('login-screen')).toBeVisible();
  }
}
