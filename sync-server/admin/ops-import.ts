import { DomainError } from '../../shared/domain/errors';
import type { PushResponse } from '../../shared/sync/protocol';
import { MAX_OPS_PER_PUSH } from '../../shared/sync/protocol';
import type { Db } from '../db/db';
import { writeAudit } from '../db/catalog-repo';
import { withTenantWrite } from '../db/locks';
import { findTerminalsById } from '../db/terminals-repo';
import { applyPush, validatePush } from '../sync/push';
import { ACTOR } from './common';

// A dead till's op export, replayed through the same push path as a live till's.

/** Reads a dead till's export: a JSON array of ops, `{ops: [...]}`, or one op per line. */
export function parseOpsExport(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new DomainError('INVALID_INPUT', 'the export is empty');
  try {
    const doc = JSON.parse(trimmed) as unknown;
    if (Array.isArray(doc)) return doc;
    if (typeof doc === 'object' && doc !== null && Array.isArray((doc as { ops?: unknown }).ops)) return (doc as { ops: unknown[] }).ops;
    return [doc];
  } catch {
    return trimmed.split('\n').filter((l) => l.trim() !== '').map((l, i) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        throw new DomainError('INVALID_INPUT', `line ${i + 1} of the export is not JSON`, { line: i + 1 });
      }
    });
  }
}

/**
 * Applies a dead till's exported pending ops exactly as a push would (same validation, sequence rules and
 * stored results), even if its token has been revoked. A later push of the same ops changes nothing.
 */
export async function importOps(db: Db, text: string, opts: { tenantId?: string } = {}): Promise<PushResponse> {
  const ops = parseOpsExport(text);
  const tillIds = new Set(ops.map((o) => (typeof o === 'object' && o !== null ? (o as { tillId?: unknown }).tillId : undefined)));
  if (tillIds.size !== 1) throw new DomainError('INVALID_INPUT', 'an export holds the ops of exactly one till');
  const [tillId] = tillIds;
  if (typeof tillId !== 'string') throw new DomainError('INVALID_INPUT', 'the ops name no till');
  const candidates = (await findTerminalsById(db, tillId)).filter((t) => opts.tenantId === undefined || t.tenantId === opts.tenantId);
  const terminal = candidates[0];
  if (terminal === undefined || candidates.length > 1) throw new DomainError('NOT_FOUND', `no single till ${tillId}${opts.tenantId ? ` in tenant ${opts.tenantId}` : ''}`);
  const till = { tenantId: terminal.tenantId, terminalId: terminal.id, storeId: terminal.storeId, name: terminal.name };
  const sorted = [...ops].sort((a, b) => Number((a as { seq?: unknown }).seq) - Number((b as { seq?: unknown }).seq));
  const firstSeq = Number((sorted[0] as { seq?: unknown }).seq);
  sorted.forEach((o, i) => {
    if (Number((o as { seq?: unknown }).seq) !== firstSeq + i) throw new DomainError('INVALID_INPUT', `the export skips or repeats seq ${firstSeq + i}`);
  });
  // Validate the whole file before applying any of it, like one push.
  const prepared = [];
  for (let i = 0; i < sorted.length; i += MAX_OPS_PER_PUSH) prepared.push(validatePush({ ops: sorted.slice(i, i + MAX_OPS_PER_PUSH) }, till));
  const out: PushResponse = { results: [], ackSeq: 0 };
  for (const batch of prepared) {
    const r = await applyPush(db, till, batch, { allowRevoked: true });
    out.results.push(...r.results);
    out.ackSeq = r.ackSeq;
  }
  await withTenantWrite(db, till.tenantId, (tx) => writeAudit(tx, till.tenantId, ACTOR, 'ops.import', { tillId, ops: ops.length, ackSeq: out.ackSeq }));
  return out;
}
