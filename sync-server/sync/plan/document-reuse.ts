import { fingerprint } from '../op-fingerprint';

/**
 * A business document id (sale, receipt...) seen before under another op: the same document is a duplicate
 * (answered as one, nothing applied twice); different contents under the same id are refused on their own code.
 */
export function documentReuse(storedPayload: unknown, payload: unknown): 'DUPLICATE' | 'ID_REUSED' | null {
  if (storedPayload === NOT_SEEN) return null;
  return fingerprint(storedPayload) === fingerprint(payload) ? 'DUPLICATE' : 'ID_REUSED';
}

/** Marks a document id not applied before (any JSON value, null included, can be a stored payload). */
export const NOT_SEEN: unique symbol = Symbol('not seen');
