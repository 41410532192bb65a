import type { Page } from '@playwright/test';

/** The few DOM names the in-page scanner needs (the e2e code is typechecked without the DOM library). */
interface ScannerWindow {
  document: { activeElement: { blur?: () => void } | null; body: EventTarget };
  KeyboardEvent: new (type: string, init: { key: string; bubbles: boolean; cancelable: boolean }) => Event;
}

/**
 * A USB keyboard-wedge scanner as the page sees it: key events a few milliseconds apart, then Enter (or Tab),
 * sent to the page body with nothing focused, as when a cashier scans without touching the screen.
 *
 * The keys are dispatched inside the page, timed by the page's own clock, because that is how a scanner's
 * burst arrives: Playwright's `keyboard.type` waits for each key's round trip, and on a loaded 2-core machine
 * that stretches one burst past the detector's 50 ms gap, so the page (rightly) takes it for a person typing.
 */
export async function wedgeScan(page: Page, code: string, options: { gapMs?: number; terminator?: 'Enter' | 'Tab' } = {}): Promise<void> {
  await page.evaluate(
    async ({ keys, gapMs }) => {
      const w = globalThis as unknown as ScannerWindow;
      w.document.activeElement?.blur?.();
      for (const key of keys) {
        w.document.body.dispatchEvent(new w.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
        await new Promise((resolve) => setTimeout(resolve, gapMs));
      }
    },
    { keys: [...code, options.terminator ?? 'Enter'], gapMs: options.gapMs ?? 3 },
  );
}

/** One wedge scan, then waits (up to 10 s) for the page's reaction that proves it was registered. */
export async function wedgeScanThen(page: Page, code: string, registered: (timeoutMs: number) => Promise<void>): Promise<void> {
  await wedgeScan(page, code);
  await registered(10_000);
}
