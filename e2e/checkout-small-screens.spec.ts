import { expect, test } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';
import { CheckoutPage } from './pages/checkout.page';
import { HeaderBar } from './pages/header.page';
import { LoginPage } from './pages/login.page';
import { saveScreenshot } from './support/artifacts';
import { barcodeOf, demoUser, stockAt } from './support/demo-data';
import { demoChain, useSystemWithTill } from './support/system';

/**
 * The checkout on the small screens shops really have: 1024x768 and 1366x768. Every control a cashier needs is
 * inside the window and visible, product names stay short, and the line just scanned is always in view.
 */
const env = useSystemWithTill('Hamra Till 1');

/** The few DOM names the in-page checks need (the e2e code is typechecked without the DOM library). */
interface PageWindow {
  getComputedStyle(el: unknown): { lineHeight: string; fontSize: string };
  document: { scrollingElement: { scrollHeight: number } | null };
  innerHeight: number;
}

/** The unit products with the longest names (they wrap worst), with stock at the till's store. */
function longNamedProducts(count: number) {
  return demoChain.products
    .filter((p) => p.active && p.unit === 'each' && p.price > 0 && p.barcodes.length > 0 && stockAt(p.id, env.till.storeId) >= 5000)
    .sort((a, b) => b.name.length - a.name.length || a.id.localeCompare(b.id))
    .slice(0, count);
}

async function expectFullyInView(page: Page, locator: Locator, what: string): Promise<void> {
  await expect(locator, what).toBeVisible();
  await expect(locator, `${what} lies wholly inside the window`).toBeInViewport({ ratio: 1 });
  const box = await locator.boundingBox();
  const size = page.viewportSize();
  if (box === null || size === null) throw new Error(`${what} has no box`);
  expect(box.x, `${what} left edge`).toBeGreaterThanOrEqual(0);
  expect(box.y, `${what} top edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what} right edge`).toBeLessThanOrEqual(size.width);
  expect(box.y + box.height, `${what} bottom edge`).toBeLessThanOrEqual(size.height);
  // Nor is its text cut off inside it (an ellipsis or clipped label).
  const fits = await locator.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight);
  expect(fits, `${what} shows its whole text`).toBe(true);
}

const SIZES = [
  { width: 1024, height: 768, cashier: 'Rania Haddad' },
  { width: 1366, height: 768, cashier: 'Karim Nassar' },
];

for (const size of SIZES) {
  test(`at ${size.width}x${size.height} every checkout control is in the window and the newest of many lines is in view`, async ({ page }) => {
    // One cashier per size: each one's open cart is their own.
    const cashier = demoChain.users.find((u) => u.name === size.cashier);
    if (cashier === undefined) throw new Error(`no demo cashier ${size.cashier}`);
    await page.setViewportSize({ width: size.width, height: size.height });
    const login = new LoginPage(page);
    await login.open(env.till.url);
    await login.loginAs(cashier.name, cashier.pin);

    const checkout = new CheckoutPage(page);
    const products = longNamedProducts(14);
    for (const product of products) {
      await checkout.scan(barcodeOf(product));
      // The line just scanned is the last one, and it is on screen without the cashier scrolling.
      await expect(checkout.lines().last(), `the line of ${product.name}`).toHaveAttribute('data-product-id', product.id);
      await expect(checkout.lines().last().getByTestId('cart-line-name'), `the newest line (${product.name})`).toBeInViewport({ ratio: 1 });
    }
    await expect(checkout.lines()).toHaveCount(products.length);

    const newest = checkout.lines().last();
    await expectFullyInView(page, newest.getByTestId('cart-line-void'), 'the remove button of the newest line');
    await expectFullyInView(page, newest.getByTestId('cart-line-plus'), 'the + button of the newest line');
    await expectFullyInView(page, page.getByTestId('cash-input'), 'the cash field');
    await expectFullyInView(page, page.getByTestId('cash-add'), '"Add cash"');
    await expectFullyInView(page, page.getByTestId('cash-exact'), '"Exact cash"');
    for (const quick of await page.getByTestId('cash-quick').all()) await expectFullyInView(page, quick, 'a quick cash button');
    await expectFullyInView(page, page.getByTestId('pay-card'), 'the card button');
    await expectFullyInView(page, page.getByTestId('complete-sale'), '"Complete sale"');
    await expectFullyInView(page, page.getByTestId('cart-clear'), '"Clear cart"');
    await expectFullyInView(page, page.getByTestId('cart-total'), 'the total');

    // A product name takes at most two lines.
    for (const name of await page.getByTestId('cart-line-name').all()) {
      const lines = await name.evaluate((el) => {
        const w = globalThis as unknown as PageWindow;
        const style = w.getComputedStyle(el);
        const lineHeight = style.lineHeight === 'normal' ? parseFloat(style.fontSize) * 1.2 : parseFloat(style.lineHeight);
        return el.getBoundingClientRect().height / lineHeight;
      });
      expect(lines, `lines of ${await name.textContent()}`).toBeLessThanOrEqual(2.05);
    }
    // The window itself does not scroll: only the cart list does.
    const scroll = await page.evaluate(() => {
      const w = globalThis as unknown as PageWindow;
      return { page: w.document.scrollingElement?.scrollHeight ?? 0, window: w.innerHeight };
    });
    expect(scroll.page).toBeLessThanOrEqual(scroll.window);
    await saveScreenshot(page, `checkout-${size.width}x${size.height}`);

    // The first line, scrolled away, comes back into view when it is scanned again.
    await checkout.scan(barcodeOf(products[0]!));
    await expect(checkout.lines().first().getByTestId('cart-line-name')).toBeInViewport({ ratio: 1 });

    await checkout.clearCart(demoUser('manager').pin);
    await new HeaderBar(page).logout();
  });
}
