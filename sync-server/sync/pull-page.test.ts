import { describe, expect, it } from 'vitest';
import type { Product } from '../../shared/domain/schemas';
import type { SyncLevel } from '../../shared/sync/protocol';
import type { Stamped, StampedLevel, StoreUser } from '../db/pull-repo';
import { cutPage, type PageCandidates } from './pull-page';
import { testProduct } from '../../shared/domain/test-support/product';

// Hand-worked pages. Every product here has the same JSON size (ids and names of one length), every level too,
// so a budget of "n items" is n times that size and the expected cut can be read off the table.
const pid = (n: number): string => `00000000-0000-7000-8000-00000000000${n}`;
const product = (n: number): Product => testProduct({ id: pid(n), sku: `SKU-${n}`, name: `Product ${n}` });
const level = (n: number): SyncLevel => ({ productId: pid(n), level: { onHand: 1000, reserved: 0, inTransit: 0, quarantined: 0 } });
const P = (n: number, chg: number): Stamped<Product> => ({ chg, value: product(n) });
const L = (n: number, chg: number, productChg: number): StampedLevel => ({ chg, productChg, value: level(n) });
const size = (v: unknown): number => JSON.stringify(v).length + 1;
const PB = size(product(1));
const LB = size(level(1));

function candidates(c: Partial<PageCandidates>): PageCandidates {
  return { products: [], users: [], levels: [], opResults: [], conflicts: [], referenced: new Map(), ...c };
}
const ids = (xs: ReadonlyArray<{ id: string }>): string[] => xs.map((x) => x.id);

describe('cutting a pull page', () => {
  it('cuts in stamp order across kinds and carries a product changed after its level', () => {
    // window (0, 10]: A@2, level a@3 (A at 2), level b@4 (B changed at 9), B@9
    const c = candidates({
      products: [P(1, 2), P(2, 9)],
      levels: [L(1, 3, 2), L(2, 4, 9)],
      referenced: new Map([[pid(2), P(2, 9)]]),
    });
    const first = cutPage(c, { since: 0, upTo: 10, limit: 100, maxBytes: PB + LB + LB + PB });
    // A, a, then b with B carried: budget spent; B@9 itself is beyond the cut.
    expect(first).toMatchObject({ cursor: 4, more: true });
    expect(ids(first.products)).toEqual([pid(1), pid(2)]);
    expect(first.levels.map((l) => l.productId)).toEqual([pid(1), pid(2)]);
    const second = cutPage(c, { since: 4, upTo: 10, limit: 100, maxBytes: PB + LB + LB + PB });
    expect(second).toMatchObject({ cursor: 10, more: false, levels: [] });
    expect(ids(second.products)).toEqual([pid(2)]);
  });

  it('does not carry a product that comes in the same page in its own place', () => {
    const c = candidates({ products: [P(2, 5)], levels: [L(2, 3, 5)], referenced: new Map([[pid(2), P(2, 5)]]) });
    const page = cutPage(c, { since: 0, upTo: 10, limit: 100, maxBytes: 10_000 });
    expect(page).toMatchObject({ cursor: 10, more: false });
    expect(ids(page.products)).toEqual([pid(2)]);
  });

  it('stops before the stamp where a kind was cut short by its row limit', () => {
    // limit 2: the products list is full, so there may be products after stamp 3 that were not read
    const c = candidates({ products: [P(1, 2), P(3, 3)], levels: [L(1, 4, 2)] });
    const page = cutPage(c, { since: 0, upTo: 10, limit: 2, maxBytes: 10_000 });
    expect(page).toMatchObject({ cursor: 3, more: true, levels: [] });
    expect(ids(page.products)).toEqual([pid(1), pid(3)]);
  });

  it('sends one change even when it alone is larger than the page', () => {
    const page = cutPage(candidates({ products: [P(1, 2), P(3, 3)] }), { since: 0, upTo: 3, limit: 100, maxBytes: 1 });
    expect(page).toMatchObject({ cursor: 2, more: true });
    expect(ids(page.products)).toEqual([pid(1)]);
  });

  it('answers an empty window with the mark as cursor', () => {
    expect(cutPage(candidates({}), { since: 7, upTo: 9, limit: 10, maxBytes: 1024 })).toMatchObject({ cursor: 9, more: false, products: [], levels: [] });
  });

  it('splits users into those who may log in and those revoked, without a PIN hash for the latter', () => {
    const users: Array<Stamped<StoreUser>> = [
      { chg: 2, value: { kind: 'user', user: { id: pid(1), name: 'Rana', role: 'cashier', pinHash: 'scrypt$16384$8$1$AAAA$BBBB', active: true } } },
      { chg: 3, value: { kind: 'revoked', userId: pid(2) } },
    ];
    const page = cutPage(candidates({ users }), { since: 0, upTo: 5, limit: 10, maxBytes: 1024 });
    expect(page.users.map((u) => u.id)).toEqual([pid(1)]);
    expect(page.revokedUserIds).toEqual([pid(2)]);
  });
});
