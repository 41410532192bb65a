import type { DemoProduct, DemoUser } from '../../shared/demo';
import { demoChain } from './system';

/** Picks from the demo chain the tests can rely on: people by role, products sold by the unit with stock. */

export function demoUser(role: DemoUser['role']): DemoUser {
  const user = demoChain.users.find((u) => u.role === role);
  if (user === undefined) throw new Error(`the demo chain has no ${role}`);
  return user;
}

export function stockAt(productId: string, locationId: string): number {
  return demoChain.stock.find((s) => s.productId === productId && s.locationId === locationId)?.qty ?? 0;
}

/** `count` distinct products sold each, priced, with at least `minStock` milli-units at the store. */
export function unitProducts(storeId: string, count: number, options: { minStock?: number; skip?: number } = {}): DemoProduct[] {
  const minStock = options.minStock ?? 5000;
  const found = demoChain.products
    .filter((p) => p.active && p.unit === 'each' && p.price > 0 && p.barcodes.length > 0 && stockAt(p.id, storeId) >= minStock)
    .slice(options.skip ?? 0, (options.skip ?? 0) + count);
  if (found.length < count) throw new Error(`the demo chain has only ${found.length} unit products with stock at ${storeId}`);
  return found;
}

export function barcodeOf(product: DemoProduct): string {
  const code = product.barcodes[0];
  if (code === undefined) throw new Error(`${product.name} has no barcode`);
  return code;
}
