import type { TillStore } from './database';

/** The shop's discount limit at this till (migration 0017: selling_settings, one row); 10% until a manager sets it. */
export const DEFAULT_DISCOUNT_LIMIT_BP = 1_000;

/** Read on every sale: kept (TillStore.memo) until this repository writes it or another connection writes the file. */
export function discountLimitBp(store: TillStore): number {
  return store.memo('selling:discountLimit', () => store.stmt<[], { bp: number }>('SELECT discount_limit_bp AS bp FROM selling_settings WHERE singleton = 1').get()?.bp ?? DEFAULT_DISCOUNT_LIMIT_BP);
}

export function writeDiscountLimit(store: TillStore, bp: number, byUserId: string, at: string): void {
  store.forget('selling:');
  store
    .stmt(
      `INSERT INTO selling_settings (singleton, discount_limit_bp, updated_by, updated_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET discount_limit_bp = excluded.discount_limit_bp, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    )
    .run(bp, byUserId, at);
}
