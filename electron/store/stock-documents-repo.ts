import type { TillStore } from './database';

/** Receipts, waste and stocktakes: one header each, keyed by the id the screen made (migration 0001, 0005). */
export type StockDocumentKind = 'receipt' | 'waste' | 'stocktake';

export interface NewStockDocument {
  id: string;
  kind: StockDocumentKind;
  /** the op that carries the document's movements */
  opSeq: number;
  userId: string;
  occurredAt: string;
  supplier?: string;
  reference?: string;
  note?: string;
  /** the answer a retry of the same request gets back, as JSON */
  resultJson: string;
  /** store/idempotency.ts requestFingerprint of the validated request */
  requestFingerprint: string;
}

/** Records a stock document in the caller's transaction, with its op and movements. */
export function insertStockDocument(store: TillStore, doc: NewStockDocument): void {
  store
    .stmt(
      'INSERT INTO stock_documents (id, kind, op_seq, user_id, occurred_at, supplier, reference, note, result, request_fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(
      doc.id,
      doc.kind,
      doc.opSeq,
      doc.userId,
      doc.occurredAt,
      doc.supplier ?? null,
      doc.reference ?? null,
      doc.note ?? null,
      doc.resultJson,
      doc.requestFingerprint,
    );
}
