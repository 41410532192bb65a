import type { Currency } from '../../shared/domain/money';
import type { TillStore } from './database';

/**
 * Changes of the till's identity row (migration 0001: till_config), in the caller's transaction. Reads go through
 * TillStore.config(), which caches the row: whoever calls these invalidates it (store.invalidateConfig) after commit.
 */

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
