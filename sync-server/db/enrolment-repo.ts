import type { Queryable } from './db';

/** The SQL of one-time enrolment codes (migration 0018). */

export async function insertEnrolmentCode(
  tx: Queryable,
  c: { codeHash: string; tenantId: string; storeId: string; tillName: string; receiptPrefix: string; expiresAt: Date },
): Promise<void> {
  await tx.query(
    'INSERT INTO enrolment_codes (code_hash, tenant_id, store_id, till_name, receipt_prefix, expires_at) VALUES ($1, $2, $3, $4, $5, $6)',
    [c.codeHash, c.tenantId, c.storeId, c.tillName, c.receiptPrefix, c.expiresAt],
  );
}

/** The tenant a code belongs to, used or not (the claim then runs under that tenant's write lock). */
export async function enrolmentCodeTenant(q: Queryable, codeHash: string): Promise<string | null> {
  const r = await q.query<{ tenant_id: string }>('SELECT tenant_id FROM enrolment_codes WHERE code_hash = $1', [codeHash]);
  return r.rows[0]?.tenant_id ?? null;
}

export interface ClaimedCode {
  /** the terminal the code became: the new one, or the one an earlier answer (lost) made */
  terminalId: string;
  /** false for the same attempt again (the till lost the first answer) */
  fresh: boolean;
  storeId: string;
  storeName: string;
  tillName: string;
  receiptPrefix: string;
  currency: string;
}

type ClaimRow = { terminal_id: string; store_id: string; store_name: string; till_name: string; receipt_prefix: string; currency: string };
const claimed = (row: ClaimRow, fresh: boolean): ClaimedCode => ({
  terminalId: row.terminal_id,
  fresh,
  storeId: row.store_id,
  storeName: row.store_name,
  tillName: row.till_name,
  receiptPrefix: row.receipt_prefix,
  currency: row.currency,
});

/** How long the same attempt may come again after its answer was lost. */
const RETRY_WINDOW = "interval '15 minutes'";

/**
 * Spends a code: one conditional UPDATE, so two tills typing the same code at once cannot both have it. The same
 * attempt again (`requestId`, within 15 minutes, its terminal never used its token) gets the terminal it made; null when
 * the code is unknown, used by another attempt, or lapsed.
 */
export async function claimEnrolmentCode(tx: Queryable, codeHash: string, terminalId: string, requestId: string | null, now: Date): Promise<ClaimedCode | null> {
  const fresh = await tx.query<ClaimRow>(
    `UPDATE enrolment_codes c SET used_at = $3, terminal_id = $2, request_id = $4
       FROM locations l, tenants t
      WHERE c.code_hash = $1 AND c.used_at IS NULL AND c.expires_at > $3
        AND l.tenant_id = c.tenant_id AND l.id = c.store_id AND t.id = c.tenant_id
     RETURNING c.terminal_id, c.store_id, l.name AS store_name, c.till_name, c.receipt_prefix, t.currency`,
    [codeHash, terminalId, now, requestId],
  );
  if (fresh.rows[0] !== undefined) return claimed(fresh.rows[0], true);
  if (requestId === null) return null;
  const again = await tx.query<ClaimRow>(
    `SELECT c.terminal_id, c.store_id, l.name AS store_name, c.till_name, c.receipt_prefix, t.currency
       FROM enrolment_codes c
       JOIN locations l ON l.tenant_id = c.tenant_id AND l.id = c.store_id
       JOIN tenants t ON t.id = c.tenant_id
       JOIN terminals m ON m.tenant_id = c.tenant_id AND m.id = c.terminal_id
      WHERE c.code_hash = $1 AND c.request_id = $2 AND c.used_at > $3::timestamptz - ${RETRY_WINDOW}
        AND m.last_seq = 0 AND m.last_push_at IS NULL AND m.first_seen_at IS NULL AND NOT m.revoked
      FOR UPDATE OF c, m`,
    [codeHash, requestId, now],
  );
  return again.rows[0] === undefined ? null : claimed(again.rows[0], false);
}

/** A fresh token for a terminal whose first one never reached its till (the same enrolment attempt again). */
export async function replaceTerminalToken(tx: Queryable, tenantId: string, terminalId: string, tokenHash: string): Promise<void> {
  await tx.query('UPDATE terminals SET token_hash = $3 WHERE tenant_id = $1 AND id = $2', [tenantId, terminalId, tokenHash]);
}

/**
 * Receipt prefixes the tenant's tills print or were promised (every code made, used or not), so a new till is
 * given another: a receipt number read out at any store of the chain names one till.
 */
export async function tenantReceiptPrefixes(q: Queryable, tenantId: string): Promise<string[]> {
  const r = await q.query<{ receipt_prefix: string }>('SELECT receipt_prefix FROM enrolment_codes WHERE tenant_id = $1', [tenantId]);
  return r.rows.map((x) => x.receipt_prefix);
}

/** How many tills the store has, revoked ones included (their receipts are still in customers' hands). */
export async function storeTerminalCount(q: Queryable, tenantId: string, storeId: string): Promise<number> {
  const r = await q.query<{ n: string }>('SELECT count(*) AS n FROM terminals WHERE tenant_id = $1 AND store_id = $2', [tenantId, storeId]);
  return Number(r.rows[0]?.n ?? 0);
}
