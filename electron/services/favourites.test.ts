import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProductView } from '../../shared/api/branch-api';
import type { DemoProduct } from '../../shared/demo';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * The favourites grid (issue 11) through the branch API on a real till database: a manager sets it, in order; a
 * cashier reads it; a product the till does not know, one no longer sold, one twice or more than 24 are refused
 * with the grid unchanged; a product deactivated later drops out of the grid shown.
 */
let till: TempTill;
let products: DemoProduct[];

beforeEach(async () => {
  till = createTempTill({ demo: { products: 40 } });
  products = till.chain.products.filter((p) => p.active);
  await till.loginAs('manager');
});
afterEach(() => till.cleanup());

const ids = (views: ProductView[]) => views.map((v) => v.product.id);

describe('the favourites grid', () => {
  it('is set by a manager in order, read by a cashier, and drops a product no longer sold', async () => {
    const [a, b, c] = products as [DemoProduct, DemoProduct, DemoProduct];
    expect(ids(await till.call<ProductView[]>('catalog.setFavourites', { productIds: [c.id, a.id, b.id] }))).toEqual([c.id, a.id, b.id]);
    await till.call('session.logout');
    await till.loginAs('cashier');
    expect(ids(await till.call<ProductView[]>('catalog.favourites'))).toEqual([c.id, a.id, b.id]);
    expect(await till.backend.dispatch('catalog.setFavourites', { productIds: [a.id] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    till.backend.db.db.prepare('UPDATE products SET active = 0 WHERE id = ?').run(a.id);
    expect(ids(await till.call<ProductView[]>('catalog.favourites'))).toEqual([c.id, b.id]);
  });

  it('refuses an unknown product, one twice, or more than 24, and keeps the grid as it was', async () => {
    const [a, b] = products as [DemoProduct, DemoProduct];
    await till.call('catalog.setFavourites', { productIds: [a.id] });
    const refused = (productIds: string[]) => till.backend.dispatch('catalog.setFavourites', { productIds });
    expect(await refused([b.id, '0190a0b2-7c3d-7e4f-8a5b-00000000dead'])).toMatchObject({ ok: false, error: { code: 'UNKNOWN_PRODUCT' } });
    expect(await refused([b.id, b.id])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await refused(products.slice(0, 25).map((p) => p.id))).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(ids(await till.call<ProductView[]>('catalog.favourites'))).toEqual([a.id]);
  });
});
