import { foldMovements, LEVEL_FIELDS, type Level } from '../../shared/domain/movement';
import { movementFromRow, type MovementRow, type TillStore } from '../store';

/**
 * Everything that must hold in a till database at any committed moment. Returns the violations (empty when
 * sound) so a test can print all of them at once.
 */
export function ledgerViolations(store: TillStore): string[] {
  const problems: string[] = [];
  const db = store.db;

  // 1. Each level equals the sum of its movements' deltas, field by field.
  const movementsByLevel = new Map<string, ReturnType<typeof movementFromRow>[]>();
  for (const row of db.prepare('SELECT * FROM movements ORDER BY id').iterate() as IterableIterator<MovementRow>) {
    const key = `${row.product_id}|${row.location_id}`;
    let list = movementsByLevel.get(key);
    if (list === undefined) movementsByLevel.set(key, (list = []));
    list.push(movementFromRow(row));
  }
  const levels = db
    .prepare('SELECT product_id, location_id, on_hand AS onHand, reserved, in_transit AS inTransit, quarantined FROM levels')
    .all() as Array<Level & { product_id: string; location_id: string }>;
  const levelKeys = new Set<string>();
  for (const level of levels) {
    const key = `${level.product_id}|${level.location_id}`;
    levelKeys.add(key);
    const folded = foldMovements(movementsByLevel.get(key) ?? []);
    for (const field of LEVEL_FIELDS) {
      if (folded[field] !== level[field]) problems.push(`level ${key} ${field} is ${level[field]} but its movements sum to ${folded[field]}`);
    }
  }
  for (const key of movementsByLevel.keys()) if (!levelKeys.has(key)) problems.push(`movements for ${key} have no level row`);

  // 2. Ops are numbered 1..n without gaps.
  const seqs = db.prepare('SELECT seq FROM ops ORDER BY seq').pluck().all() as number[];
  seqs.forEach((seq, i) => {
    if (seq !== i + 1) problems.push(`op seq ${seq} at position ${i + 1}: the outbox has a gap`);
  });

  // 3. Every op has its effect, every effect its one op.
  const orphanOps = db
    .prepare(
      `SELECT o.seq, o.type FROM ops o
       WHERE (o.type = 'sale' AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.op_seq = o.seq))
          OR (o.type IN ('receipt', 'waste', 'stocktake') AND NOT EXISTS (SELECT 1 FROM stock_documents d WHERE d.op_seq = o.seq))
          OR (o.type IN ('transfer_request', 'transfer_step', 'transfer_dispatch', 'transfer_receive', 'transfer_resolve')
              AND NOT EXISTS (SELECT 1 FROM transfer_events e WHERE e.op_seq = o.seq))
          OR (o.type = 'sale_return' AND NOT EXISTS (SELECT 1 FROM sale_returns r WHERE r.op_seq = o.seq))
          -- a reservation made here is its row (create_op_seq); a fulfilment or release names a reservation the till holds
          OR (o.type = 'reservation_create' AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.create_op_seq = o.seq))
          OR (o.type IN ('reservation_fulfil', 'reservation_release')
              AND NOT EXISTS (SELECT 1 FROM reservations r WHERE r.id = json_extract(o.payload, '$.reservationId')))`,
    )
    .all() as Array<{ seq: number; type: string }>;
  for (const o of orphanOps) problems.push(`op ${o.seq} (${o.type}) has no ${o.type} row`);

  // 4. No half-written sale: lines, tenders, one SALE movement per line under the sale's op, payload agreeing.
  const sales = db.prepare('SELECT id, op_seq, total FROM sales').all() as Array<{ id: string; op_seq: number; total: number }>;
  const linesOf = db.prepare('SELECT product_id, qty, total FROM sale_lines WHERE sale_id = ? ORDER BY line_no');
  const tendersOf = db.prepare('SELECT count(*) FROM tenders WHERE sale_id = ?').pluck();
  const saleMovementsOf = db.prepare("SELECT product_id, qty FROM movements WHERE op_seq = ? AND kind = 'SALE' ORDER BY id");
  const payloadOf = db.prepare("SELECT payload FROM ops WHERE seq = ? AND type = 'sale'").pluck();
  for (const sale of sales) {
    const lines = linesOf.all(sale.id) as Array<{ product_id: string; qty: number; total: number }>;
    const movements = saleMovementsOf.all(sale.op_seq) as Array<{ product_id: string; qty: number }>;
    if (lines.length === 0) problems.push(`sale ${sale.id} has no lines`);
    if ((tendersOf.get(sale.id) as number) === 0) problems.push(`sale ${sale.id} has no tenders`);
    if (lines.reduce((s, l) => s + l.total, 0) !== sale.total) problems.push(`sale ${sale.id} lines do not add up to its total`);
    const lineKey = lines.map((l) => `${l.product_id}:${l.qty}`).join(',');
    const movementKey = movements.map((m) => `${m.product_id}:${m.qty}`).join(',');
    if (lineKey !== movementKey) problems.push(`sale ${sale.id} lines [${lineKey}] do not match its movements [${movementKey}]`);
    const payload = payloadOf.get(sale.op_seq) as string | undefined;
    if (payload === undefined) {
      problems.push(`sale ${sale.id} points at op ${sale.op_seq}, which is not a sale op`);
    } else {
      const parsed = JSON.parse(payload) as { saleId: string; lines: Array<{ productId: string; qty: number }> };
      const payloadKey = parsed.lines.map((l) => `${l.productId}:${l.qty}`).join(',');
      if (parsed.saleId !== sale.id || payloadKey !== lineKey) problems.push(`sale ${sale.id} does not match its op payload`);
    }
  }

  // 5. Movements written by an op belong to an op that exists.
  const strayMovements = db.prepare('SELECT count(*) FROM movements m WHERE m.op_seq IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ops o WHERE o.seq = m.op_seq)').pluck().get() as number;
  if (strayMovements > 0) problems.push(`${strayMovements} movements point at missing ops`);
  return problems;
}

/** Row counts of every table a service writes: "nothing written" means these did not change. */
export function rowCounts(store: TillStore): Record<string, number> {
  const tables = [
    'ops',
    'movements',
    'levels',
    'sales',
    'sale_lines',
    'tenders',
    'stock_documents',
    'conflicts',
    'conflict_history',
    'transfers',
    'transfer_events',
    'transfer_event_lines',
    'reservations',
    'reservation_lines',
    'sale_returns',
    'sale_return_lines',
    'sale_return_refunds',
  ];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number;
  counts['levels_checksum'] = store.db
    .prepare('SELECT coalesce(sum(on_hand * 7 + reserved * 11 + in_transit * 13 + quarantined * 17), 0) FROM levels')
    .pluck()
    .get() as number;
  return counts;
}
