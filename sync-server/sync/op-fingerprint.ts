import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';

/**
 * Fingerprints of what a till sent, to tell a repeat from a reuse: the same op id (or seq, or sale id) with the
 * same contents is a repeat and is answered with the stored result; with different contents it is refused.
 * The JSON is made canonical first (keys sorted at every depth), so the order a till's JSON library wrote the
 * keys in does not matter, only the values.
 */
export function fingerprint(value: unknown): string {
  const text = stringify(value);
  return createHash('sha256')
    .update(text ?? 'undefined')
    .digest('hex');
}

/** The fingerprint of an op's payload (its business document). */
export function payloadFingerprint(op: { payload?: unknown }): string {
  return fingerprint(op.payload ?? null);
}
