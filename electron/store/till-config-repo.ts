import type { Currency } from '../../shared/domain/money';
import type { TillStore } from './database';

/**
 * Changes of the till's identity row (migration 0001: till_config), in the caller's transaction. Reads go through
 * TillStore.config(), which caches the row: whoever calls these invalidates it (store.invalidateConfig) after commit.
 */

/**
 * The till's identity as its enrolment gave it (services/enrolment.ts), with the server and token it syncs with:
 * the one row of till_config, written once on a fresh database.
 */
export function insertEnrolledIdentity(
  store: TillStore,
  t: { tillId: string; tillName: string; receiptPrefix: string; storeId: string; storeName: string; tenantId: string; currency: Currency; locale: string; serverUrl: string; token: string },
): void {
  store
    .stmt(
      `INSERT INTO till_config (singleton, till_id, till_name, receipt_prefix, store_id, store_name, tenant_id, currency, locale, server_url, server_token)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(t.tillId, t.tillName, t.receiptPrefix, t.storeId, t.storeName, t.tenantId, t.currency, t.locale, t.serverUrl, t.token);
}

/** The sync server this till talks to and the token it was enrolled with. */
export function setSyncServer(store: TillStore, serverUrl: string, token: string): void {
  store.stmt('UPDATE till_config SET server_url = ?, server_token = ? WHERE singleton = 1').run(serverUrl, token);
}

/** Names and currency as the server has them now (a pull): head office may rename a till or a store. */
export function setServerIdentity(store: TillStore, identity: { tillName: string; storeName: string; tenantId: string; currency: Currency }): void {
  store
    .stmt('UPDATE till_config SET till_name = ?, store_name = ?, tenant_id = ?, currency = ? WHERE singleton = 1')
    .run(identity.tillName, identity.storeName, identity.tenantId, identity.currency);
}
