import { v7 as uuidv7 } from 'uuid';
import type { Product } from '../schemas';

/**
 * A valid catalog product for tests: counted in each, $1.00, no thresholds, active. A test overrides only what it
 * is about (a price, a unit, a reorder point), so the fixture's other fields cannot drift from the schema apart.
 */
export function testProduct(over: Partial<Product> = {}): Product {
  const name = over.name ?? 'Thing';
  return {
    id: uuidv7(),
    sku: name.toUpperCase(),
    name,
    barcodes: [],
    unit: 'each',
    packSize: null,
    price: 100,
    currency: 'USD',
    lowStockThreshold: 0,
    reorderPoint: 0,
    reorderQty: 0,
    leadTimeDays: 0,
    active: true,
    ...over,
  };
}
