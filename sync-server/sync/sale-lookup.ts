import { DomainError } from '../../shared/domain/errors';
import { salePayload } from '../../shared/ops/operations';
import { saleForReturnSchema, type SaleForReturn } from '../../shared/sync/sale-lookup';
import type { TillIdentity } from './push';
import type { Queryable } from '../db/db';
import { findStoredSale } from '../db/returns-repo';

/**
 * A sale for a return at any till of the tenant (shared/sync/sale-lookup.ts): read from the sale's applied op, so
 * it is the sale as the server replayed it, whichever till made it. The tenant is the asking till's.
 */
export async function saleForReturn(q: Queryable, till: TillIdentity, saleId: string): Promise<SaleForReturn> {
  const stored = await findStoredSale(q, till.tenantId, saleId);
  if (stored === null) throw new DomainError('NOT_FOUND', 'no sale of this chain has that receipt (or it has not reached the server yet)', { saleId });
  const payload = salePayload.parse((stored.body as { payload?: unknown }).payload);
  const results = Array.isArray(stored.results) ? (stored.results as Array<{ lineId?: unknown; action?: unknown }>) : [];
  const reversed = new Set(results.filter((r) => r.action === 'reverse').map((r) => String(r.lineId)));
  const occurredAt = (stored.body as { occurredAt?: unknown }).occurredAt;
  return saleForReturnSchema.parse({
    saleId,
    number: payload.number ?? null,
    occurredAt,
    tillName: stored.tillName,
    storeName: stored.storeName,
    cashierName: stored.cashierName ?? 'unknown',
    currency: payload.currency,
    lines: payload.lines.map((l) => {
      const p = stored.products.get(l.productId);
      return { ...l, sku: p?.sku ?? '', name: p?.name ?? l.productId, unit: p?.unit ?? 'each', reversed: reversed.has(l.lineId) };
    }),
    tenders: payload.tenders,
    total: payload.total,
    change: payload.change,
    rate: payload.rate ?? null,
    vat: payload.vat ?? null,
    returns: stored.returns,
  });
}
