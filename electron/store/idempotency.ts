import { hash } from 'node:crypto';
import { DomainError } from '../../shared/domain/errors';
import { canonicalJson } from '../../shared/sync/fingerprint';
import type { TillStore } from './database';

/**
 * Every idempotent write of the till (a sale, a receipt, a waste, a stocktake) is keyed by an id the screen made
 * once. The rule, as in TigerBeetle: a repeat with the same id and the same content answers the stored result and
 * writes nothing; the same id with different content is refused with ID_REUSED, never answered silently with the
 * first result (that is how goods added after an UNAVAILABLE left the shop unrecorded).
 *
 * The content is the validated request, made canonical (shared/sync/fingerprint.ts, the same form the server
 * compares ops by), hashed, and stored with the id in the write's own transaction (migration 0005).
 */
export type IdempotentKind = 'sale' | 'receipt' | 'waste' | 'stocktake';

export function requestFingerprint(request: unknown): string {
  // One-shot hash: a sale pays for this on every write, and a Hash object per call costs more than the digest.
  return hash('sha256', canonicalJson(request), 'hex');
}

export interface PriorWrite {
  kind: IdempotentKind;
  /** null for a write recorded before fingerprints were kept */
  fingerprint: string | null;
  /** a stock document's stored answer (JSON); null for a sale, whose receipt is read from its rows */
  result: string | null;
}

/** What is already recorded under this id, in the table that holds writes of this kind. */
export function findPriorWrite(store: TillStore, kind: IdempotentKind, id: string): PriorWrite | undefined {
  if (kind === 'sale') {
    const row = store.stmt<[string], { fp: string | null }>('SELECT request_fingerprint AS fp FROM sales WHERE id = ?').get(id);
    return row === undefined ? undefined : { kind, fingerprint: row.fp, result: null };
  }
  const row = store
    .stmt<[string], { kind: IdempotentKind; fp: string | null; result: string }>('SELECT kind, request_fingerprint AS fp, result FROM stock_documents WHERE id = ?')
    .get(id);
  return row === undefined ? undefined : { kind: row.kind, fingerprint: row.fp, result: row.result };
}

/**
 * The one decision for a write whose id is already recorded: returns when it is a true repeat (the caller answers
 * the stored result), throws ID_REUSED when the id stands for another document or other content.
 */
export function assertRepeat(prior: PriorWrite, expected: { kind: IdempotentKind; id: string; fingerprint: string }): void {
  if (prior.kind !== expected.kind) {
    throw new DomainError('ID_REUSED', `${expected.id} is already the id of a ${prior.kind}, not of a ${expected.kind}`, {
      id: expected.id,
      recordedAs: prior.kind,
    });
  }
  // A write from before fingerprints: its content was never kept, so it is answered as the repeat it most likely is.
  if (prior.fingerprint === null || prior.fingerprint === expected.fingerprint) return;
  throw new DomainError('ID_REUSED', `this ${expected.kind} (${expected.id}) was already recorded with different contents: start a new one`, {
    id: expected.id,
    kind: expected.kind,
  });
}
