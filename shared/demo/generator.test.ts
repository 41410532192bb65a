import { describe, expect, it } from 'vitest';
import { isValidGs1 } from '../domain/barcode';
import { productSchema } from '../domain/schemas';
import { DEMO_PINS, generateDemoChain } from './generator';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('demo chain', () => {
  const chain = generateDemoChain();

  it('is deterministic, and product i does not depend on how many products there are', () => {
    expect(generateDemoChain()).toEqual(chain);
    const bigger = generateDemoChain({ products: 1000 });
    expect(bigger.products.slice(0, 300)).toEqual(chain.products);
    expect(bigger.tills).toEqual(chain.tills);
    expect(generateDemoChain({ seed: 7 }).products[0]?.id).not.toBe(chain.products[0]?.id);
  });

  it('has the shape of the demo: two Beirut stores, a warehouse, three tills, four users with demo PINs', () => {
    expect(chain.tenant.name).toBe('Demo Chain');
    expect(chain.stores.map((s) => s.name)).toEqual(['Hamra', 'Achrafieh']);
    expect(chain.warehouse.name).toBe('Central Warehouse');
    expect(chain.tills.map((t) => t.name)).toEqual(['Hamra Till 1', 'Hamra Till 2', 'Achrafieh Till 1']);
    expect(chain.users.map((u) => [u.role, u.pin])).toEqual([
      ['cashier', DEMO_PINS.cashier1],
      ['cashier', DEMO_PINS.cashier2],
      ['manager', DEMO_PINS.manager],
      ['head_office', DEMO_PINS.headOffice],
    ]);
  });

  it('gives valid, unique ids, SKUs and Lebanese EAN-13 barcodes, and products that pass the shared schema', () => {
    const ids = [chain.tenant.id, ...chain.locations.map((l) => l.id), ...chain.users.map((u) => u.id), ...chain.tills.map((t) => t.id), ...chain.products.map((p) => p.id)];
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(chain.products.map((p) => p.sku)).size).toBe(chain.products.length);
    const codes = chain.products.flatMap((p) => p.barcodes);
    expect(new Set(codes).size).toBe(codes.length);
    for (const p of chain.products) {
      expect(productSchema.safeParse(p).success, p.name).toBe(true);
      const ean = p.barcodes[0] as string;
      expect(ean).toMatch(/^528\d{10}$/);
      expect(isValidGs1(ean)).toBe(true);
      expect(Number.isInteger(p.price)).toBe(true);
    }
  });

  it('mixes weighed produce, packs, inactive products and low stock', () => {
    expect(chain.products.some((p) => p.unit === 'kg' && p.category === 'produce')).toBe(true);
    expect(chain.products.some((p) => p.unit === 'pack' && p.packSize === 24)).toBe(true);
    expect(chain.products.some((p) => p.category === 'beverages' && p.unit === 'each' && p.packSize === 24)).toBe(true);
    expect(chain.products.filter((p) => !p.active)).toHaveLength(3);
    expect(chain.stock).toHaveLength(chain.products.length * 3);
    for (const s of chain.stock) expect(Number.isSafeInteger(s.qty) && s.qty >= 0).toBe(true);
    const hamra = chain.stores[0]?.id;
    const low = chain.products.filter((p) => (chain.stock.find((s) => s.productId === p.id && s.locationId === hamra)?.qty ?? 0) <= p.lowStockThreshold);
    expect(low.length).toBeGreaterThan(0);
  });

  it('gives some products sold by the each the GTIN-14 of their case, priced or not, never one of the unit barcodes', () => {
    const packed = chain.products.filter((p) => p.packs !== undefined);
    expect(packed.length).toBeGreaterThan(0);
    const units = new Set(chain.products.flatMap((p) => p.barcodes));
    const packCodes = packed.flatMap((p) => (p.packs ?? []).map((pack) => pack.barcode));
    expect(new Set(packCodes).size).toBe(packCodes.length);
    for (const p of packed) {
      expect(p.unit).toBe('each');
      for (const pack of p.packs ?? []) {
        expect(pack.barcode).toMatch(/^1528\d{10}$/);
        expect(isValidGs1(pack.barcode)).toBe(true);
        expect(units.has(pack.barcode)).toBe(false);
        expect(pack.units).toBe(p.packSize);
      }
    }
    expect(packed.some((p) => p.packs?.[0]?.price === null)).toBe(true);
    expect(packed.some((p) => (p.packs?.[0]?.price ?? 0) > 0)).toBe(true);
  });

  it('scales to 100,000 products with unique barcodes', () => {
    const big = generateDemoChain({ products: 100_000 });
    expect(new Set(big.products.map((p) => p.barcodes[0])).size).toBe(100_000);
    expect(() => generateDemoChain({ products: 0 })).toThrow(RangeError);
  });
});
