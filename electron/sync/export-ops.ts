import { pendingOpRows, storedOpToWireJson, type TillStore } from '../store';

export const OPS_EXPORT_FORMAT = 'till-ops-export';

export interface OpsExportSummary {
  tillId: string;
  count: number;
  firstSeq: number | null;
  lastSeq: number | null;
}

/**
 * A dead till's (or a long-cut-off branch's) pending ops as one JSON document for the server's
 * `admin import-ops`, which reads its `ops` array: the same wire envelopes a push sends, in seq order, with the
 * same ids and seqs, so the server applies each once whether it arrives by file or by a later push.
 * The ops stay pending here: only the server's acknowledgement takes them out of the queue.
 */
export function exportPendingOps(store: TillStore, exportedAt: Date): { json: string; summary: OpsExportSummary } {
  const config = store.config();
  const rows = pendingOpRows(store);
  const header =
    `{"format":${JSON.stringify(OPS_EXPORT_FORMAT)},"version":1,"tillId":${JSON.stringify(config.tillId)},` +
    `"tillName":${JSON.stringify(config.tillName)},"storeId":${JSON.stringify(config.storeId)},"exportedAt":${JSON.stringify(exportedAt.toISOString())},`;
  const json = `${header}"ops":[\n${rows.map((r) => storedOpToWireJson(r, config.tillId)).join(',\n')}\n]}\n`;
  return {
    json,
    summary: { tillId: config.tillId, count: rows.length, firstSeq: rows[0]?.seq ?? null, lastSeq: rows.at(-1)?.seq ?? null },
  };
}
