import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/** The login screen: pick who is at the till, then the PIN pad. */
export class LoginPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByTestId('login-screen')).toBeVisible();
  }

  async loginAs(userName: string, pin: string): Promise<void> {
    await this.page.locator(`[data-testid="login-user"][data-user-name="${userName}"]`).click();
    for (const digit of pin) await this.page.getByTestId(`login-pin-${digit}`).click();
    await this.page.getByTestId('login-pin-ok').click();
    await expect(this.page.getByTestId('current-user')).toContainText(userName);
  }
}
