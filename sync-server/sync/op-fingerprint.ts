import { hash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import type { Operation } from '../../shared/ops/operations';

/**
 * Fingerprints of what a till sent, to tell a repeat from a reuse: the same op id (or seq, or sale id) with the
 * same contents is a repeat and is answered with the stored result; with different contents it is refused.
 * The order a till's JSON library wrote the keys in must not matter, only the values.
 */

/** Any JSON value: canonical JSON (keys sorted at every depth), sha256. */
export function fingerprint(value: unknown): string {
  return hash('sha256', stringify(value) ?? 'undefined', 'hex');
}

/**
 * An op the server could read (the hot path: every pushed op). zod builds its output in the schema's key order
 * and drops unknown keys, so plain JSON of the parsed op is already canonical: the same content always gives the
 * same text, at a fraction of the cost of sorting keys.
 */
export function parsedOpFingerprint(op: Operation): string {
  return hash('sha256', JSON.stringify(op), 'hex');
}
