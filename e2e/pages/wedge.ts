import type { Page } from '@playwright/test';

/**
 * A USB keyboard-wedge scanner as the page sees it: digits a few milliseconds apart, then Enter, sent to
 * whatever has focus. Focus is first moved off any input, so the scan reaches the page body, as it does when a
 * cashier scans without touching the screen.
 */
export async function wedgeScan(page: Page, code: string, options: { delayMs?: number; terminator?: 'Enter' | 'Tab' } = {}): Promise<void> {
  // A string, not a function: the e2e code is typechecked without the DOM library.
  await page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
  await page.keyboard.type(code, { delay: options.delayMs ?? 3 });
  await page.keyboard.press(options.terminator ?? 'Enter');
}

/**
 * A wedge scan, repeated when the page did not register it. Playwright stamps each key when the browser
 * receives it, so on a loaded 2-core machine two keys of one burst can arrive further apart than the detector
 * allows for a scanner (a real scanner's keys carry the USB timestamps), and the page rightly takes the burst
 * for typing. `registered` waits for the page's reaction and throws when it does not come; a detector that never
 * recognises scans still fails on the last attempt.
 */
export async function wedgeScanUntil(
  page: Page,
  code: string,
  registered: (timeoutMs: number) => Promise<void>,
  attempts = 3,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    await wedgeScan(page, code);
    try {
      await registered(attempt < attempts ? 2_000 : 10_000);
      return;
    } catch (err) {
      if (attempt >= attempts) throw err;
    }
  }
}
