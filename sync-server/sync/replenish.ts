import { v7 as uuidv7 } from 'uuid';
import { isDomainError } from '../../shared/domain/errors';
import { available } from '../../shared/domain/movement';
import { draftLine, type DraftLine } from '../../shared/domain/replenishment';
import type { Queryable } from '../db/db';
import { writeAudit } from '../db/catalog-repo';
import { lockReorderDecision, lockReplenishmentDraft } from '../db/locks';
import { insertPurchaseOrder, nextPoNumber } from '../db/purchasing-repo';
import { appendPoLine, markReplenishmentOrigin, reorderFacts, reorderableProducts, replenishmentDraft, type ReorderFacts } from '../db/replenishment-repo';
import type { LockedLevel } from './plan/types';

/**
 * Replenishment (issue 9), in the transaction of the change that lowered stock: for each product whose available
 * quantity a chunk lowered at a location, shared/domain/replenishment.ts draftLine() decides, from available plus
 * what is on order against the product's reorder point, whether to order its reorder quantity (whole supplier
 * packs) from its supplier, and never when an open PO for that product and location exists. The line goes on the
 * supplier's open replenishment draft for the location, or a new one, expected after the supplier's lead time.
 *
 * Locks, always in the same order so two pushes never wait on each other in a circle: every decision's lock
 * (location, product) in sorted order, then every draft's (location, supplier) in sorted order, then the tenant's
 * PO numbers if a new draft is needed. A product without a supplier or a reorder point is left alone, and a
 * setting the rule cannot use (a reorder quantity beyond any quantity kept) is skipped and said in the audit,
 * never a reason to refuse the sale that lowered the stock.
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
  // one cheap read for the chunk: most products have no supplier or reorder point, or are far above it
  const reorderable = await reorderableProducts(tx, tenantId, lowered.map((c) => c.productId));
  const candidates = lowered.filter((c) => {
    const point = reorderable.get(c.productId);
    // what is on order only adds to available: above the point already, no order is needed
    return point !== undefined && c.available <= point;
  });
  candidates.sort((a, b) => compareKeys([a.locationId, a.productId], [b.locationId, b.productId]));

  const decided: Array<{ locationId: string; productId: string; available: number; facts: ReorderFacts & { supplierId: string; currency: string }; line: DraftLine }> = [];
  for (const c of candidates) {
    await lockReorderDecision(tx, tenantId, c.locationId, c.productId);
    const facts = await reorderFacts(tx, tenantId, c.locationId, c.productId);
    if (facts === null || facts.supplierId === null || facts.currency === null) continue;
    let line: DraftLine | null;
    try {
      line = draftLine(
        { available: c.available, onOrder: facts.onOrder, reorderPoint: facts.reorderPoint, reorderQty: facts.reorderQty, packUnits: facts.supplierPack, leadTimeDays: facts.leadTimeDays, openPoExists: facts.openPoExists },
        today,
      );
    } catch (e) {
      if (!isDomainError(e)) throw e;
      await writeAudit(tx, tenantId, 'replenishment', 'po.draft_skipped', { productId: c.productId, locationId: c.locationId, reason: e.message });
      continue;
    }
    if (line !== null) decided.push({ ...c, facts: { ...facts, supplierId: facts.supplierId, currency: facts.currency }, line });
  }
  if (decided.length === 0) return 0;

  // the drafts, each under its own lock, in (location, supplier) order
  const drafts = new Map<string, { locationId: string; supplierId: string; currency: string; expected: string }>();
  for (const d of decided) drafts.set(`${d.locationId}/${d.facts.supplierId}`, { locationId: d.locationId, supplierId: d.facts.supplierId, currency: d.facts.currency, expected: d.line.expected });
  const draftKeys = [...drafts.values()].sort((a, b) => compareKeys([a.locationId, a.supplierId], [b.locationId, b.supplierId]));
  const open = new Map<string, { id: string; lines: number } | null>();
  for (const k of draftKeys) {
    await lockReplenishmentDraft(tx, tenantId, k.locationId, k.supplierId);
    open.set(`${k.locationId}/${k.supplierId}`, await replenishmentDraft(tx, tenantId, k.supplierId, k.locationId));
  }
  for (const k of draftKeys) {
    const key = `${k.locationId}/${k.supplierId}`;
    if (open.get(key) !== null) continue;
    // a new draft: the PO number is the last lock taken
    const poId = uuidv7();
    const number = await nextPoNumber(tx, tenantId);
    await insertPurchaseOrder(tx, tenantId, { id: poId, number, supplierId: k.supplierId, locationId: k.locationId, currency: k.currency, expectedOn: k.expected, note: null }, []);
    await markReplenishmentOrigin(tx, tenantId, poId);
    open.set(key, { id: poId, lines: 0 });
  }
  for (const d of decided) {
    const draft = open.get(`${d.locationId}/${d.facts.supplierId}`) as { id: string; lines: number };
    draft.lines += 1;
    await appendPoLine(tx, tenantId, draft.id, draft.lines, { productId: d.productId, packUnits: d.facts.supplierPack, ordered: d.line.qty, unitCost: d.facts.cost });
    await writeAudit(tx, tenantId, 'replenishment', 'po.draft_line', { poId: draft.id, productId: d.productId, locationId: d.locationId, qty: d.line.qty, available: d.available, onOrder: d.facts.onOrder });
  }
  return decided.length;
}

function compareKeys(a: readonly [string, string], b: readonly [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}
