import { v7 as uuidv7 } from 'uuid';
import { available } from '../../shared/domain/movement';
import { draftLine } from '../../shared/domain/replenishment';
import type { Queryable } from '../db/db';
import { writeAudit } from '../db/catalog-repo';
import { insertPurchaseOrder, nextPoNumber } from '../db/purchasing-repo';
import { appendPoLine, markReplenishmentOrigin, reorderFacts, reorderableProducts, replenishmentDraft } from '../db/replenishment-repo';
import { lockReorderDecision } from '../db/locks';
import type { LockedLevel } from './plan/types';

/**
 * Replenishment (issue 9), in the transaction of the change that lowered stock: for each product whose available
 * quantity a chunk lowered at a location, shared/domain/replenishment.ts draftLine() decides, from available plus
 * what is on order against the product's reorder point, whether to order its reorder quantity (whole supplier
 * packs) from its supplier, and never when an open PO for that product and location exists. The line goes on the
 * supplier's open replenishment draft for the location, or a new one, expected after the supplier's lead time. The
 * decision for one product at one location is serialized across server processes (an advisory lock), so two
 * pushes never draft two lines. A product without a supplier or a reorder point is left alone.
 */
export async function replenishAfter(
  tx: Queryable,
  tenantId: string,
  levels: ReadonlyMap<string, ReadonlyMap<string, { before: LockedLevel; after: LockedLevel }>>,
  today: string,
): Promise<number> {
  const lowered: Array<{ locationId: string; productId: string; available: number }> = [];
  for (const [locationId, products] of levels) {
    for (const [productId, l] of products) {
      if (available(l.after) < available(l.before)) lowered.push({ locationId, productId, available: available(l.after) });
    }
  }
  if (lowered.length === 0) return 0;
  // one cheap read for the chunk: most products have no supplier or reorder point, and cost nothing more
  const reorderable = await reorderableProducts(tx, tenantId, lowered.map((c) => c.productId));
  const candidates = lowered.filter((c) => reorderable.has(c.productId));
  // one order of locks in every transaction: no two pushes wait on each other in a circle
  candidates.sort((a, b) => (a.locationId === b.locationId ? (a.productId < b.productId ? -1 : 1) : a.locationId < b.locationId ? -1 : 1));
  let drafted = 0;
  for (const c of candidates) {
    await lockReorderDecision(tx, tenantId, c.locationId, c.productId);
    const facts = await reorderFacts(tx, tenantId, c.locationId, c.productId);
    if (facts === null || facts.supplierId === null || facts.currency === null) continue;
    const line = draftLine(
      {
        available: c.available,
        onOrder: facts.onOrder,
        reorderPoint: facts.reorderPoint,
        reorderQty: facts.reorderQty,
        packUnits: facts.supplierPack,
        leadTimeDays: facts.leadTimeDays,
        openPoExists: facts.openPoExists,
      },
      today,
    );
    if (line === null) continue;
    const order = { productId: c.productId, packUnits: facts.supplierPack, ordered: line.qty, unitCost: facts.cost };
    const draft = await replenishmentDraft(tx, tenantId, facts.supplierId, c.locationId);
    let poId: string;
    if (draft !== null) {
      poId = draft.id;
      await appendPoLine(tx, tenantId, poId, draft.lines + 1, order);
    } else {
      poId = uuidv7();
      const number = await nextPoNumber(tx, tenantId);
      await insertPurchaseOrder(tx, tenantId, { id: poId, number, supplierId: facts.supplierId, locationId: c.locationId, currency: facts.currency, expectedOn: line.expected, note: null }, [order]);
      await markReplenishmentOrigin(tx, tenantId, poId);
    }
    await writeAudit(tx, tenantId, 'replenishment', 'po.draft_line', { poId, productId: c.productId, locationId: c.locationId, qty: line.qty, available: c.available, onOrder: facts.onOrder });
    drafted += 1;
  }
  return drafted;
}
