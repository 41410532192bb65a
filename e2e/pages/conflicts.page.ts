import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { ManagerPage } from './manager.page';

/** The manager's conflict queue: sales the server reversed, to contact the customer about and resolve. */
export class ConflictsPage {
  private readonly manager: ManagerPage;

  constructor(readonly page: Page) {
    this.manager = new ManagerPage(page);
  }

  async open(managerPin: string): Promise<void> {
    await this.manager.open(managerPin);
    await this.manager.tab('conflicts');
    await expect(this.page.getByTestId('conflicts-screen')).toBeVisible();
  }

  rows(): Locator {
    return this.page.getByTestId('conflict-row');
  }

  async filter(which: string): Promise<void> {
    await this.page.getByTestId(`conflicts-filter-${which}`).click();
  }

  async refresh(): Promise<void> {
    await this.page.getByTestId('conflicts-refresh').click();
  }

  row(conflictId: string): Locator {
    return this.page.locator(`[data-testid="conflict-row"][data-conflict-id="${conflictId}"]`);
  }

  async markContacted(conflictId: string, note: string): Promise<void> {
    const row = this.row(conflictId);
    await row.getByTestId('conflict-note').fill(note);
    await row.getByTestId('conflict-contacted').click();
    await expect(this.row(conflictId)).toHaveAttribute('data-state', 'contacted');
  }

  async resolve(conflictId: string, outcome: string, note: string): Promise<void> {
    const row = this.row(conflictId);
    await row.getByTestId('conflict-note').fill(note);
    await row.getByTestId('conflict-outcome').selectOption(outcome);
    await row.getByTestId('conflict-resolve').click();
  }
}
