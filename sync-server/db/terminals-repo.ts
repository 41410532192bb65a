import type { Queryable } from './db';
import type { TerminalRow } from './catalog-repo';

/** Finds a till by id alone (the admin CLI importing a dead till's export knows only the ops' tillId). */
export async function findTerminalsById(q: Queryable, terminalId: string): Promise<TerminalRow[]> {
  const r = await q.query<TerminalRow>(
    'SELECT tenant_id AS "tenantId", id, store_id AS "storeId", name, revoked FROM terminals WHERE id = $1',
    [terminalId],
  );
  return r.rows;
}
