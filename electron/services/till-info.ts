import { createHash } from 'node:crypto';
import type { TillInfo } from '../../shared/api/branch-api';
import type { TillStore } from '../store';
import { tenantTax } from '../store/tax-repo';
import { discountLimitBp } from '../store/selling-settings-repo';

/** Who and where this till is, with the tenant's tax settings as last pulled: what till.info answers. */
export function tillInfo(store: TillStore): TillInfo {
  const c = store.config();
  return {
    tillId: c.tillId,
    tillName: c.tillName,
    storeId: c.storeId,
    storeName: c.storeName,
    currency: c.currency,
    locale: c.locale,
    tax: tenantTax(store),
    discountLimitBp: discountLimitBp(store),
  };
}

/**
 * A short digest of tillInfo(): the screens read till.info once and keep it (a cart's VAT mode comes from it), so
 * the header's sync poll carries this stamp and the renderer reads till.info again when it moves. Without it a pull
 * that switched the tenant to tax-exclusive prices left the checkout charging the old way until a reload.
 */
export function tillInfoStamp(store: TillStore): string {
  // before enrolment there is no till to describe; the stamp moves once there is one (the screens then read it)
  if (store.configOrNull() === null) return 'not-enrolled';
  return createHash('sha256').update(JSON.stringify(tillInfo(store))).digest('base64url').slice(0, 16);
}
