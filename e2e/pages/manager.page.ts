import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { wedgeScanThen } from './wedge';

export type ManagerTab = 'receive' | 'waste' | 'stocktake' | 'lowStock' | 'conflicts' | 'rates' | 'settings';
/** Each manager tab and the data-testid of the screen it shows. */
export const MANAGER_SCREENS: Record<ManagerTab, string> = {
  receive: 'receive-screen',
  waste: 'waste-screen',
  stocktake: 'stocktake-screen',
  lowStock: 'lowstock-screen',
  conflicts: 'conflicts-screen',
  rates: 'exchange-screen',
  settings: 'settings-screen',
};

/** The manager screens, behind a manager's PIN: receive, waste, stocktake, low stock, conflicts, the day's rate, the till's settings. */
export class ManagerPage {
  constructor(readonly page: Page) {}

  async open(managerPin: string): Promise<void> {
    await this.page.getByTestId('nav-manager').click();
    const gate = this.page.getByTestId('manager-gate');
    const screens = this.page.getByTestId('manager-screens');
    await expect(gate.or(screens)).toBeVisible();
    if (await gate.isVisible()) {
      for (const digit of managerPin) await this.page.getByTestId(`manager-pin-${digit}`).click();
      await this.page.getByTestId('manager-pin-ok').click();
    }
    await expect(screens).toBeVisible();
  }

  async tab(name: ManagerTab): Promise<void> {
    await this.page.getByTestId(`tab-${name}`).click();
  }

  /** Opens each tab in turn and waits for its screen: proves the session may use every manager screen. */
  async visitEveryTab(): Promise<void> {
    for (const [name, screen] of Object.entries(MANAGER_SCREENS) as Array<[ManagerTab, string]>) {
      await this.tab(name);
      await expect(this.page.getByTestId(screen)).toBeVisible();
    }
  }

  private async scanLine(prefix: 'receive' | 'waste', code: string, productId: string): Promise<Locator> {
    const line = this.page.locator(`[data-testid="${prefix}-line"][data-product-id="${productId}"]`);
    await wedgeScanThen(this.page, code, (timeout) => expect(line).toBeVisible({ timeout }));
    return line;
  }

  /** `beforeSubmit` runs with the lines filled in (e.g. to take a screenshot). */
  async receive(lines: ReadonlyArray<{ code: string; productId: string; qty: string }>, supplier: string, beforeSubmit?: () => Promise<unknown>): Promise<string> {
    await this.tab('receive');
    await this.page.getByTestId('receive-supplier').fill(supplier);
    for (const l of lines) {
      const row = await this.scanLine('receive', l.code, l.productId);
      await row.getByTestId('receive-qty').fill(l.qty);
    }
    await beforeSubmit?.();
    await this.page.getByTestId('receive-submit').click();
    const done = this.page.getByTestId('receive-done');
    await expect(done).toBeVisible();
    return (await done.textContent()) ?? '';
  }

  async waste(
    lines: ReadonlyArray<{ code: string; productId: string; qty: string; reason: string }>,
    note: string,
    beforeSubmit?: () => Promise<unknown>,
  ): Promise<string> {
    await this.tab('waste');
    for (const l of lines) {
      const row = await this.scanLine('waste', l.code, l.productId);
      await row.getByTestId('waste-qty').fill(l.qty);
      await row.getByTestId('waste-reason').selectOption(l.reason);
    }
    await this.page.getByTestId('waste-note').fill(note);
    await beforeSubmit?.();
    await this.page.getByTestId('waste-submit').click();
    const done = this.page.getByTestId('waste-done');
    await expect(done).toBeVisible();
    return (await done.textContent()) ?? '';
  }

  /** Loads the count sheet filtered by `query`, types the counts, and returns the variances shown before commit. */
  async stocktakeReview(query: string, counts: ReadonlyArray<{ productId: string; counted: string }>): Promise<Map<string, number>> {
    await this.tab('stocktake');
    await this.page.getByTestId('stocktake-query').fill(query);
    await this.page.getByTestId('stocktake-load').click();
    for (const c of counts) {
      const row = this.page.locator(`[data-testid="stocktake-row"][data-product-id="${c.productId}"]`);
      await expect(row).toBeVisible();
      await row.getByTestId('stocktake-count').fill(c.counted);
    }
    const variances = new Map<string, number>();
    for (const c of counts) {
      const cell = this.page.locator(`[data-testid="stocktake-row"][data-product-id="${c.productId}"] [data-testid="stocktake-variance"]`);
      await expect(cell).not.toHaveAttribute('data-variance', '');
      variances.set(c.productId, Number(await cell.getAttribute('data-variance')));
    }
    await this.page.getByTestId('stocktake-review').click();
    return variances;
  }

  async stocktakeCommit(): Promise<string> {
    await this.page.getByTestId('stocktake-commit').click();
    const done = this.page.getByTestId('stocktake-done');
    await expect(done).toBeVisible();
    return (await done.textContent()) ?? '';
  }
}
