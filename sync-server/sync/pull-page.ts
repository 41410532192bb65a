import type { Product } from '../../shared/domain/schemas';
import type { OpResult, SyncConflict, SyncLevel, SyncRate, SyncReservation, SyncTransfer, SyncUser } from '../../shared/sync/protocol';
import type { Stamped, StampedLevel, StoreUser } from '../db/pull-repo';

/**
 * Cutting one pull page out of the window (since, upTo] of change stamps. Pure: the reads are done by pull.ts in
 * one snapshot. Every change stamp is unique (each row draws its own nextval), so a page is a prefix of the
 * window in stamp order and its cursor is the stamp of its last change: the next page starts exactly after it,
 * nothing is skipped and nothing is sent twice as its own change. A row changed again meanwhile has a new, larger
 * stamp and comes in a later page.
 */
export interface PageCandidates {
  /** each list in stamp order, at most its limit long (a list of exactly its limit may have been cut short) */
  products: Array<Stamped<Product>>;
  users: Array<Stamped<StoreUser>>;
  levels: StampedLevel[];
  opResults: Array<Stamped<OpResult>>;
  conflicts: Array<Stamped<SyncConflict>>;
  /** reservations at the till's store (absent: none) */
  reservations?: Array<Stamped<SyncReservation>>;
  /** transfers from or to the till's store (absent: none) */
  transfers?: Array<Stamped<SyncTransfer>>;
  /** the tenant's exchange rates (absent: none) */
  rates?: Array<Stamped<SyncRate>>;
  /** the current row of every product that changed after one of the levels above that refers to it */
  referenced: ReadonlyMap<string, Stamped<Product>>;
}

export interface PageLimits {
  since: number;
  upTo: number;
  /** rows read of each kind (a number: the same for all) */
  limit: number | Readonly<Record<KindList, number>>;
  /** bytes of JSON the page's changes may take (one change always travels, however large) */
  maxBytes: number;
}

export interface CutPage {
  cursor: number;
  more: boolean;
  products: Product[];
  users: SyncUser[];
  revokedUserIds: string[];
  levels: SyncLevel[];
  opResults: OpResult[];
  conflicts: SyncConflict[];
  reservations: SyncReservation[];
  transfers: SyncTransfer[];
  rates: SyncRate[];
  /** JSON bytes of the changes in the page */
  bytes: number;
}

type KindList = 'products' | 'users' | 'levels' | 'opResults' | 'conflicts' | 'reservations' | 'transfers' | 'rates';

type Item =
  | { kind: 'product'; chg: number; value: Product }
  | { kind: 'user'; chg: number; value: StoreUser }
  | { kind: 'level'; chg: number; value: SyncLevel; productChg: number }
  | { kind: 'opResult'; chg: number; value: OpResult }
  | { kind: 'conflict'; chg: number; value: SyncConflict }
  | { kind: 'reservation'; chg: number; value: SyncReservation }
  | { kind: 'transfer'; chg: number; value: SyncTransfer }
  | { kind: 'rate'; chg: number; value: SyncRate };

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8') + 1;

export function cutPage(c: PageCandidates, limits: PageLimits): CutPage {
  // A list that filled its limit may have left rows out: the page may not reach past its last stamp.
  let bound = limits.upTo;
  for (const kind of ['products', 'users', 'levels', 'opResults', 'conflicts', 'reservations', 'transfers', 'rates'] as const) {
    const list: ReadonlyArray<{ chg: number }> = c[kind] ?? [];
    const limit = typeof limits.limit === 'number' ? limits.limit : limits.limit[kind];
    const last = list.at(-1);
    if (list.length >= limit && last !== undefined) bound = Math.min(bound, last.chg);
  }
  const items: Item[] = [
    ...c.products.map((x) => ({ kind: 'product' as const, chg: x.chg, value: x.value })),
    ...c.users.map((x) => ({ kind: 'user' as const, chg: x.chg, value: x.value })),
    ...c.levels.map((x) => ({ kind: 'level' as const, chg: x.chg, value: x.value, productChg: x.productChg })),
    ...c.opResults.map((x) => ({ kind: 'opResult' as const, chg: x.chg, value: x.value })),
    ...c.conflicts.map((x) => ({ kind: 'conflict' as const, chg: x.chg, value: x.value })),
    ...(c.reservations ?? []).map((x) => ({ kind: 'reservation' as const, chg: x.chg, value: x.value })),
    ...(c.transfers ?? []).map((x) => ({ kind: 'transfer' as const, chg: x.chg, value: x.value })),
    ...(c.rates ?? []).map((x) => ({ kind: 'rate' as const, chg: x.chg, value: x.value })),
  ]
    .filter((x) => x.chg > limits.since && x.chg <= bound)
    .sort((a, b) => a.chg - b.chg);

  const taken: Item[] = [];
  const carried = new Set<string>();
  let bytes = 0;
  for (const item of items) {
    let size = jsonBytes(item.value);
    // A level whose product changed after it: the product travels with it, so the till never holds a level of a
    // product it does not know. Counted here so the page stays within its bytes.
    const carry = item.kind === 'level' && item.productChg > item.chg && !carried.has(item.value.productId) ? c.referenced.get(item.value.productId) : undefined;
    if (carry !== undefined) size += jsonBytes(carry.value);
    if (taken.length > 0 && bytes + size > limits.maxBytes) break;
    if (carry !== undefined) carried.add(carry.value.id);
    taken.push(item);
    bytes += size;
  }
  const complete = taken.length === items.length;
  const cursor = complete ? bound : (taken.at(-1)?.chg ?? bound);
  const more = !complete || bound < limits.upTo;

  const products = taken.flatMap((x) => (x.kind === 'product' ? [x.value] : []));
  const inPage = new Set(products.map((p) => p.id));
  for (const id of carried) {
    const carry = c.referenced.get(id);
    // Stamped at or below the cursor: already in this page (or an earlier one) in its own place.
    if (carry !== undefined && carry.chg > cursor && !inPage.has(id)) products.push(carry.value);
  }
  return {
    cursor,
    more,
    products,
    users: taken.flatMap((x) => (x.kind === 'user' && x.value.kind === 'user' ? [x.value.user] : [])),
    revokedUserIds: taken.flatMap((x) => (x.kind === 'user' && x.value.kind === 'revoked' ? [x.value.userId] : [])),
    levels: taken.flatMap((x) => (x.kind === 'level' ? [x.value] : [])),
    opResults: taken.flatMap((x) => (x.kind === 'opResult' ? [x.value] : [])),
    conflicts: taken.flatMap((x) => (x.kind === 'conflict' ? [x.value] : [])),
    reservations: taken.flatMap((x) => (x.kind === 'reservation' ? [x.value] : [])),
    transfers: taken.flatMap((x) => (x.kind === 'transfer' ? [x.value] : [])),
    rates: taken.flatMap((x) => (x.kind === 'rate' ? [x.value] : [])),
    bytes,
  };
}

/**
 * About the smallest JSON a change of each kind takes. Only the page's efficiency depends on these (a kind read
 * short just ends the page earlier), never what it holds.
 */
export const MIN_CHANGE_BYTES = { products: 200, users: 120, levels: 80, opResults: 150, conflicts: 300, reservations: 350, transfers: 400, rates: 200 } as const;

/** Rows to read of one kind for a page of `maxBytes`. */
export function rowsPerKind(maxBytes: number, kind: keyof typeof MIN_CHANGE_BYTES): number {
  return Math.ceil(maxBytes / MIN_CHANGE_BYTES[kind]) + 1;
}
