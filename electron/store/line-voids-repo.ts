import type { TillStore } from './database';

/** The SQL of voided basket lines (migration 0021). */

export interface LineVoidRow {
  id: string;
  request_fingerprint: string;
}

export function lineVoidRow(store: TillStore, id: string): LineVoidRow | undefined {
  return store.stmt<[string], LineVoidRow>('SELECT id, request_fingerprint FROM line_voids WHERE id = ?').get(id);
}

export function insertLineVoid(
  store: TillStore,
  v: { id: string; saleId: string; lines: ReadonlyArray<{ productId: string; qty: number }>; whole: boolean; userId: string; approvedBy: string | null; occurredAt: string; opSeq: number; fingerprint: string },
): void {
  store
    .stmt(
      `INSERT INTO line_voids (id, sale_id, lines_json, whole, user_id, approved_by, occurred_at, op_seq, request_fingerprint)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(v.id, v.saleId, JSON.stringify(v.lines), v.whole ? 1 : 0, v.userId, v.approvedBy, v.occurredAt, v.opSeq, v.fingerprint);
}
