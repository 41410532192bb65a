import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { ManagerPage } from './manager.page';
import { wedgeScan, wedgeScanThen } from './wedge';

/** A line of a new transfer: the code scanned (a product's or its case's barcode) and, optionally, the quantity typed after. */
export interface SendLine {
  code: string;
  productId: string;
  qty?: string;
}

/** Manager > Transfers: the lists, a new dispatch, one transfer's detail, its delivery note and its receipt. */
export class TransfersPage {
  constructor(readonly page: Page) {}

  async open(managerPin: string): Promise<void> {
    await new ManagerPage(this.page).open(managerPin);
    await this.page.getByTestId('tab-transfers').click();
    await expect(this.page.getByTestId('transfers-screen')).toBeVisible();
  }

  row(transferId: string): Locator {
    return this.page.locator(`[data-testid="transfer-row"][data-transfer-id="${transferId}"]`);
  }

  detail(): Locator {
    return this.page.getByTestId('transfer-detail');
  }

  line(productId: string): Locator {
    return this.page.locator(`[data-testid="transfer-line"][data-product-id="${productId}"]`);
  }

  /** Sends goods from this store: scans each line, types its quantity, records the dispatch; the new transfer's id. */
  async send(destination: string, lines: readonly SendLine[]): Promise<string> {
    await this.page.getByTestId('transfers-new').click();
    await this.page.getByTestId('transfer-new-send').click();
    await this.page.getByTestId('transfer-new-location').selectOption({ label: destination });
    for (const l of lines) {
      const row = this.page.locator(`[data-testid="transfer-new-line"][data-product-id="${l.productId}"]`);
      await wedgeScanThen(this.page, l.code, (timeout) => expect(row).toBeVisible({ timeout }));
      if (l.qty !== undefined) await row.getByTestId('transfer-new-qty').fill(l.qty);
    }
    await this.page.getByTestId('transfer-new-submit').click();
    await expect(this.detail()).toBeVisible();
    return (await this.detail().getAttribute('data-transfer-id')) ?? '';
  }

  /** Opens the delivery note and waits for its barcode; answers the code the barcode carries. */
  async openDeliveryNote(): Promise<string> {
    await this.page.getByTestId('transfer-print').click();
    const note = this.page.getByTestId('delivery-note');
    await expect(note).toHaveAttribute('data-ready', 'true');
    await expect(this.page.getByTestId('delivery-note-barcode').locator('svg')).toBeVisible();
    return (await note.getAttribute('data-code')) ?? '';
  }

  async closeDeliveryNote(): Promise<void> {
    await this.page.getByTestId('delivery-note-close').click();
    await expect(this.page.getByTestId('delivery-note')).toHaveCount(0);
  }

  /** A wedge scan of a delivery note's code: the screen opens its transfer (`timeout`: it may need a sync first). */
  async scanDeliveryNote(code: string, transferId: string, timeout = 30_000): Promise<void> {
    await expect(async () => {
      await wedgeScan(this.page, code);
      await expect(this.detail()).toHaveAttribute('data-transfer-id', transferId, { timeout: 2000 });
    }).toPass({ timeout });
  }

  /** Records what arrived, typed per product: good units and damaged ones. */
  async receive(counts: ReadonlyArray<{ productId: string; good: string; damaged?: string }>): Promise<void> {
    await this.page.getByTestId('transfer-receive').click();
    await expect(this.page.getByTestId('transfer-receive-form')).toBeVisible();
    for (const c of counts) {
      const row = this.page.locator(`[data-testid="transfer-receive-line"][data-product-id="${c.productId}"]`);
      await row.getByTestId('transfer-receive-good').fill(c.good);
      if (c.damaged !== undefined) await row.getByTestId('transfer-receive-damaged').fill(c.damaged);
    }
    await this.page.getByTestId('transfer-receive-submit').click();
    await expect(this.page.getByTestId('transfer-receive-form')).toHaveCount(0);
  }

  async back(): Promise<void> {
    await this.page.getByTestId('transfer-back').click();
    await expect(this.page.getByTestId('transfers-incoming')).toBeVisible();
  }
}
