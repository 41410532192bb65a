import type { Currency } from '../../shared/domain/money';
import type { SyncRate } from '../../shared/sync/protocol';
import type { PlannedRatePost } from '../sync/plan/rates';
import type { Queryable } from './db';
import type { Stamped, Window } from './pull-repo';
import { HEAD_OFFICE_NAME } from './transfers-repo';

/**
 * The SQL of the tenant's exchange rates (migration 0012): the posts a push chunk's rate_post ops recorded, head
 * office's posts, and the pull's read. A post is written once and never changed; its change stamp is the order
 * every till follows.
 */

/** What a push chunk's rate_post ops recorded, in the chunk's transaction after their ops (applied_ops). */
export async function insertTillRatePosts(tx: Queryable, tenantId: string, terminalId: string, posts: readonly PlannedRatePost[]): Promise<void> {
  if (posts.length === 0) return;
  // One statement per post, in seq order: each draws its stamp in turn, so the server's order is the till's order.
  for (const p of posts) {
    await tx.query(
      `INSERT INTO exchange_rates (tenant_id, id, base, quote, rate, note, op_id, terminal_id, posted_by, posted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [tenantId, p.rateId, p.base, p.quote, p.rate, p.note, p.opId, terminalId, p.postedBy, p.postedAt],
    );
  }
}

export interface HeadOfficePost {
  rateId: string;
  base: Currency;
  quote: Currency;
  rate: number;
  note: string | null;
  actor: string;
  postedAt: Date;
}

/** Head office's post (admin CLI); false when a rate of that id exists already (nothing written). */
export async function insertHeadOfficeRate(tx: Queryable, tenantId: string, p: HeadOfficePost): Promise<boolean> {
  const r = await tx.query(
    `INSERT INTO exchange_rates (tenant_id, id, base, quote, rate, note, actor, posted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant_id, id) DO NOTHING`,
    [tenantId, p.rateId, p.base, p.quote, p.rate, p.note, p.actor, p.postedAt],
  );
  return r.rowCount === 1;
}

type RateRow = {
  id: string;
  base: Currency;
  quote: Currency;
  rate: number;
  note: string | null;
  actor: string | null;
  posted_by_name: string | null;
  posted_at: Date;
  chg: number;
};

function syncRate(row: RateRow): SyncRate {
  return {
    rateId: row.id,
    base: row.base,
    quote: row.quote,
    rate: Number(row.rate),
    note: row.note,
    postedByName: row.actor !== null ? HEAD_OFFICE_NAME : (row.posted_by_name ?? 'unknown user'),
    postedAt: row.posted_at.toISOString(),
    order: String(row.chg),
  };
}

/** The tenant's rates posted in the pull's window, in stamp order, at most `limit`. */
export async function changedRates(q: Queryable, tenantId: string, w: Window, limit: number): Promise<Array<Stamped<SyncRate>>> {
  const r = await q.query<RateRow>(
    `SELECT x.id, x.base, x.quote, x.rate, x.note, x.actor, u.name AS posted_by_name, x.posted_at, x.chg
       FROM (SELECT * FROM exchange_rates WHERE tenant_id = $1 AND chg > $2 AND chg <= $3 ORDER BY chg LIMIT $4) x
       LEFT JOIN users u ON u.tenant_id = x.tenant_id AND u.id = x.posted_by
      ORDER BY x.chg`,
    [tenantId, w.since, w.upTo, limit],
  );
  return r.rows.map((row) => ({ chg: Number(row.chg), value: syncRate(row) }));
}

/** How many rate posts a pull would still find in the window (its progress bar). */
export async function countRateChanges(q: Queryable, tenantId: string, w: Window): Promise<number> {
  const r = await q.query<{ n: number }>('SELECT count(*) AS n FROM exchange_rates WHERE tenant_id = $1 AND chg > $2 AND chg <= $3', [tenantId, w.since, w.upTo]);
  return Number(r.rows[0]?.n ?? 0);
}

/** The tenant's latest posts, newest first in the server's order (head office's listing). */
export async function latestRates(q: Queryable, tenantId: string, limit: number): Promise<SyncRate[]> {
  const r = await q.query<RateRow>(
    `SELECT x.id, x.base, x.quote, x.rate, x.note, x.actor, u.name AS posted_by_name, x.posted_at, x.chg
       FROM exchange_rates x LEFT JOIN users u ON u.tenant_id = x.tenant_id AND u.id = x.posted_by
      WHERE x.tenant_id = $1 ORDER BY x.chg DESC LIMIT $2`,
    [tenantId, limit],
  );
  return r.rows.map(syncRate);
}
