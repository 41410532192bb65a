import { DEFAULT_PRINTER_SETTINGS, printerSettings, type PrinterSettings } from '../../shared/api/printer-api';
import type { TillStore } from './database';

/**
 * The SQL of the receipt printer's settings and of the drawer's no-sale openings (migration 0019). Settings are
 * read on every print, kept (TillStore.memo) until written here or by another connection.
 */

/** The settings as last saved; the defaults (no printer) when none were, or when the row no longer passes the schema. */
export function readPrinterSettings(store: TillStore): PrinterSettings {
  return store.memo('printer:settings', () => {
    const row = store.stmt<[], { settings_json: string }>('SELECT settings_json FROM printer_settings WHERE singleton = 1').get();
    if (row === undefined) return DEFAULT_PRINTER_SETTINGS;
    // a row written by a later version may carry a connection kind this one does not know: print nothing, not garbage
    const parsed = printerSettings.safeParse(JSON.parse(row.settings_json));
    return parsed.success ? parsed.data : DEFAULT_PRINTER_SETTINGS;
  });
}

export function writePrinterSettings(store: TillStore, settings: PrinterSettings, byUserId: string, at: string): void {
  store.forget('printer:');
  store
    .stmt(
      `INSERT INTO printer_settings (singleton, settings_json, updated_by, updated_at) VALUES (1, ?, ?, ?)
       ON CONFLICT (singleton) DO UPDATE SET settings_json = excluded.settings_json, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    )
    .run(JSON.stringify(settings), byUserId, at);
}

/**
 * Claims the original print of a sale's receipt (migration 0022): true for the one print that gets it, false when
 * the original was printed already (this print is a copy).
 */
export function claimOriginalPrint(store: TillStore, saleId: string, at: string, drawerKicked: boolean): boolean {
  return (
    store.stmt('INSERT INTO receipt_prints (sale_id, printed_at, drawer_kicked) VALUES (?, ?, ?) ON CONFLICT (sale_id) DO NOTHING').run(saleId, at, drawerKicked ? 1 : 0)
      .changes === 1
  );
}

/** Gives the claim back after the print failed: the next print is the original again. */
export function releaseOriginalPrint(store: TillStore, saleId: string): void {
  store.stmt('DELETE FROM receipt_prints WHERE sale_id = ?').run(saleId);
}

export interface DrawerOpenRow {
  id: string;
  shift_id: string | null;
  reason: string;
  user_id: string;
  approved_by: string | null;
  occurred_at: string;
  op_seq: number;
  request_fingerprint: string;
}

export function drawerOpenRow(store: TillStore, id: string): DrawerOpenRow | undefined {
  return store.stmt<[string], DrawerOpenRow>('SELECT * FROM drawer_opens WHERE id = ?').get(id);
}

export function insertDrawerOpen(
  store: TillStore,
  d: { id: string; shiftId: string | null; reason: string; userId: string; approvedBy: string | null; occurredAt: string; opSeq: number; fingerprint: string },
): void {
  store
    .stmt(
      `INSERT INTO drawer_opens (id, shift_id, reason, user_id, approved_by, occurred_at, op_seq, request_fingerprint)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(d.id, d.shiftId, d.reason, d.userId, d.approvedBy, d.occurredAt, d.opSeq, d.fingerprint);
}

/** The drawer's no-sale openings in a shift, oldest first, with who opened and who approved (its X report lists them). */
export function drawerOpensInShift(store: TillStore, shiftId: string): Array<{ id: string; reason: string; by_name: string; approved_by_name: string | null; occurred_at: string }> {
  return store
    .stmt<[string], { id: string; reason: string; by_name: string; approved_by_name: string | null; occurred_at: string }>(
      `SELECT d.id, d.reason, u.name AS by_name, a.name AS approved_by_name, d.occurred_at
         FROM drawer_opens d LEFT JOIN users u ON u.id = d.user_id LEFT JOIN users a ON a.id = d.approved_by
        WHERE d.shift_id = ? ORDER BY d.op_seq`,
    )
    .all(shiftId);
}
