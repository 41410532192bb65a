import type { DemoChain } from '../../shared/demo';
import { DomainError } from '../../shared/domain/errors';
import type { TillStore } from './database';
import { upsertLocations, upsertProducts, upsertUsers } from './catalog-writes';
import { applyMovement, systemCause } from './ledger';
import { hashPin } from './pin-hash';
import { setStoreScaleFormats } from './scale-formats-repo';

export interface SeedOptions {
  /** which demo till this database becomes (its store follows); the first demo till by default */
  tillId?: string;
  /** when the initial stock is dated; now by default */
  at?: Date;
}

/** What the opening stock of a seeded till came from: the demo chain (shared/demo), not an operation. */
export const DEMO_SEED_REF = 'demo';

/** scrypt is slow on purpose; a test run seeds many tills from the same four demo PINs. */
const pinHashCache = new Map<string, string>();
function demoPinHash(pin: string): string {
  let hash = pinHashCache.get(pin);
  if (hash === undefined) {
    hash = hashPin(pin);
    pinHashCache.set(pin, hash);
  }
  return hash;
}

/**
 * Turns a fresh till database into one of the demo tills: its identity, the chain's catalog, locations and
 * users, and the initial stock of its store, written as RECEIVE movements caused by 'opening_stock' (not operations: this stock is what
 * the server already knows, so there is nothing to push). Refuses a database that already has a till.
 */
export function seedTillFromDemo(store: TillStore, chain: DemoChain, options: SeedOptions = {}): void {
  const till = options.tillId === undefined ? chain.tills[0] : chain.tills.find((t) => t.id === options.tillId);
  if (till === undefined) throw new DomainError('NOT_FOUND', `no demo till ${options.tillId ?? ''}`);
  const tillStore = chain.stores.find((s) => s.id === till.storeId);
  if (tillStore === undefined) throw new DomainError('NOT_FOUND', `demo till ${till.name} has no store`);
  if (store.configOrNull() !== null) throw new DomainError('DUPLICATE', 'this till database is already set up');
  const at = (options.at ?? new Date()).toISOString();

  store.transaction(() => {
    store
      .stmt(
        `INSERT INTO till_config (singleton, till_id, till_name, receipt_prefix, store_id, store_name, tenant_id, currency, locale)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(till.id, till.name, till.receiptPrefix, tillStore.id, tillStore.name, chain.tenant.id, chain.tenant.currency, chain.tenant.locale);
    upsertLocations(store, chain.locations);
    upsertProducts(store, chain.products);
    setStoreScaleFormats(store, tillStore.scaleFormats ?? []);
    upsertUsers(
      store,
      chain.users.map((u) => ({ id: u.id, name: u.name, role: u.role, pinHash: demoPinHash(u.pin) })),
    );
    const addLevel = store.stmt('INSERT INTO levels (product_id, location_id) VALUES (?, ?)');
    for (const s of chain.stock) {
      if (s.locationId !== tillStore.id) continue;
      addLevel.run(s.productId, s.locationId);
      if (s.qty > 0) {
        applyMovement(store, {
          productId: s.productId,
          locationId: s.locationId,
          movement: { kind: 'RECEIVE', qty: s.qty },
          cause: systemCause('opening_stock', DEMO_SEED_REF),
          occurredAt: at,
        });
      }
    }
  });
  store.invalidateConfig();
}
