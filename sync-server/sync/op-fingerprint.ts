import { hash } from 'node:crypto';
import { canonicalJson } from '../../shared/sync/fingerprint';

/**
 * Fingerprints of what a till sent, to tell a repeat from a reuse: the same op id (or seq, or sale id) with the
 * same contents is a repeat and is answered with the stored result; with different contents it is refused.
 * Always of the value as sent (shared/sync/fingerprint.ts), never of what this server version parsed from it.
 */
export function fingerprint(value: unknown): string {
  return hash('sha256', canonicalJson(value), 'hex');
}
