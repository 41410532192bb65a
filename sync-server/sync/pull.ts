import { DomainError } from '../../shared/domain/errors';
import { tenantPolicySchema } from '../../shared/policy/conflict-policy';
import { PULL_PAGE_BYTES, type PullResponse } from '../../shared/sync/protocol';
import { embeddedFormatsSchema } from '../../shared/scan/embedded-barcode';
import type { Db } from '../db/db';
import { findTenant, listLocations, storeScaleFormatsJson } from '../db/catalog-repo';
import { tenantLegal, tenantTax } from '../db/tax-repo';
import { tenantHighWaterMark } from '../db/locks';
import {
  beginPullSnapshot,
  changedConflicts,
  changedLevels,
  changedOpResults,
  changedProducts,
  changedUsers,
  countChanges,
  productsById,
} from '../db/pull-repo';
import { changedReservations, countReservationChanges } from '../db/reservations-repo';
import { changedTransfers, countTransferChanges } from '../db/transfers-repo';
import { changedRates, countRateChanges } from '../db/rates-repo';
import { transferView } from './transfer-view';
import { cutPage, rowsPerKind } from './pull-page';
import type { TillIdentity } from './push';

export interface PullOptions {
  /** bytes of JSON a page's changes may take (PULL_PAGE_BYTES by default) */
  maxBytes?: number;
}

/**
 * One page of what the till needs that changed after its cursor.
 *
 * The high-water mark is read under the tenant's exclusive pull barrier (db/locks.ts), in a transaction of its
 * own that commits first, so no change at or below it can still be in flight. Then every read of the page runs
 * in ONE read-only REPEATABLE READ transaction on one connection, whose snapshot is taken after the mark: the page
 * is one consistent state (a level and its product, an op result and the levels it moved), and everything at or
 * below the mark is in it. The page is cut in stamp order (pull-page.ts); its cursor is where it stopped.
 */
export async function pull(db: Db, till: TillIdentity, since: number, options: PullOptions = {}): Promise<PullResponse> {
  const upTo = await db.transaction((tx) => tenantHighWaterMark(tx, till.tenantId));
  const maxBytes = options.maxBytes ?? PULL_PAGE_BYTES;
  return db.transaction(async (tx): Promise<PullResponse> => {
    await beginPullSnapshot(tx);
    const tenant = await findTenant(tx, till.tenantId);
    if (tenant === null) throw new DomainError('UNAUTHENTICATED', 'this till belongs to no tenant');
    const locations = await listLocations(tx, till.tenantId);
    // VAT and the legal identity go whole in every page: a few rows, and a changed rate needs no change stamp.
    const tax = await tenantTax(tx, till.tenantId);
    const legal = await tenantLegal(tx, till.tenantId);
    const store = locations.find((l) => l.id === till.storeId);
    if (store === undefined) throw new DomainError('NOT_FOUND', 'the till’s store no longer exists');
    // the store's scale label formats go whole in every page too; written checked, read checked (a bad row fails the pull loudly)
    const scaleFormats = embeddedFormatsSchema.parse((await storeScaleFormatsJson(tx, till.tenantId, till.storeId)) ?? []);

    const w = { since, upTo };
    const limit = {
      products: rowsPerKind(maxBytes, 'products'),
      users: rowsPerKind(maxBytes, 'users'),
      levels: rowsPerKind(maxBytes, 'levels'),
      opResults: rowsPerKind(maxBytes, 'opResults'),
      conflicts: rowsPerKind(maxBytes, 'conflicts'),
      reservations: rowsPerKind(maxBytes, 'reservations'),
      transfers: rowsPerKind(maxBytes, 'transfers'),
      rates: rowsPerKind(maxBytes, 'rates'),
    };
    // One connection runs one statement at a time: these go one after another, all in the same snapshot.
    const products = await changedProducts(tx, till.tenantId, w, limit.products);
    const users = await changedUsers(tx, till.tenantId, till.storeId, w, limit.users);
    const levels = await changedLevels(tx, till.tenantId, till.storeId, w, limit.levels);
    const opResults = await changedOpResults(tx, till.tenantId, till.terminalId, w, limit.opResults);
    const conflicts = await changedConflicts(tx, till.tenantId, till.storeId, w, limit.conflicts);
    const reservations = await changedReservations(tx, till.tenantId, till.storeId, w, limit.reservations);
    const transfers = (await changedTransfers(tx, till.tenantId, till.storeId, w, limit.transfers)).map((t) => ({ chg: t.chg, value: transferView(t) }));
    const rates = await changedRates(tx, till.tenantId, w, limit.rates);
    const laterProducts = [...new Set(levels.filter((l) => l.productChg > l.chg).map((l) => l.value.productId))];
    const referenced = new Map((await productsById(tx, till.tenantId, laterProducts)).map((p) => [p.value.id, p]));

    const page = cutPage({ products, users, levels, opResults, conflicts, reservations, transfers, rates, referenced }, { since, upTo, limit, maxBytes });
    const after = { since: page.cursor, upTo };
    const remaining = page.more
      ? (await countChanges(tx, till, after)) +
        (await countReservationChanges(tx, till.tenantId, till.storeId, after)) +
        (await countTransferChanges(tx, till.tenantId, till.storeId, after)) +
        (await countRateChanges(tx, till.tenantId, after))
      : 0;
    return {
      cursor: String(page.cursor),
      tenant: {
        id: tenant.id,
        name: tenant.name,
        currency: tenant.currency as PullResponse['tenant']['currency'],
        policy: tenantPolicySchema.parse(tenant.policy),
        ...(tax === null ? {} : { tax }),
        ...(legal === null ? {} : { legal }),
      },
      till: { id: till.terminalId, name: till.name },
      store: { id: store.id, name: store.name, scaleFormats },
      locations,
      products: page.products,
      users: page.users,
      levels: page.levels,
      opResults: page.opResults,
      conflicts: page.conflicts,
      revokedUserIds: page.revokedUserIds,
      reservations: page.reservations,
      transfers: page.transfers,
      rates: page.rates,
      more: page.more,
      remaining,
    };
  });
}
