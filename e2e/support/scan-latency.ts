import type { Page } from '@playwright/test';
import { wedgeScanThen } from '../pages/wedge';

/**
 * Scan-to-cart latency as the browser measured it: the renderer marks `scan:<code>` when the wedge detector
 * sees the terminator and measures `scan-to-cart` once React has committed the cart line. This drives `scans`
 * wedge scans over `codes` (round robin, so lines are added and then stepped up) and returns every duration
 * in milliseconds. Performance targets are judged in bench/scan.bench.ts, never here.
 */
export async function measureScanToCart(page: Page, codes: readonly string[], scans: number): Promise<number[]> {
  if (codes.length === 0) throw new Error('measureScanToCart needs at least one barcode');
  await page.evaluate(() => performance.clearMeasures('scan-to-cart'));
  for (let i = 0; i < scans; i += 1) {
    const code = codes[i % codes.length] ?? '';
    // One scan at a time, as at a real counter: the next item comes after the last one is on screen.
    await wedgeScanThen(page, code, async (timeout) => {
      // A function, not a string: the page's CSP forbids evaluating strings.
      await page.waitForFunction((n) => performance.getEntriesByName('scan-to-cart').length >= n, i + 1, { timeout }).catch(async (err: unknown) => {
        const status = await page.getByTestId('scan-status').textContent();
        throw new Error(`scan ${i + 1} of ${scans} (${code}) never reached the cart; scan status: "${status}"`, { cause: err });
      });
    });
  }
  return page.evaluate(() => performance.getEntriesByName('scan-to-cart').map((e) => e.duration));
}
