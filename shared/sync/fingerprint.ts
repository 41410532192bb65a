import { stringify } from 'safe-stable-stringify';

/**
 * The one canonical form behind every "same content?" decision of the till and the server: an op or request
 * with the same id and the same canonical JSON is a repeat, with other canonical JSON it is a reuse of the id.
 * Keys are sorted at every depth (the order a JSON library wrote them in never matters) and absent optionals are
 * left out. It is always the value as sent (never a parsed, upgraded or defaulted form), so a repeat stays a
 * repeat across an upgrade of either side.
 *
 * shared/ does no I/O and may not use node:crypto, so each side hashes this text with its own sha256
 * (sync-server/sync/op-fingerprint.ts, electron/store/idempotency.ts); the hash is only a short key for it.
 */
export function canonicalJson(value: unknown): string {
  return stringify(value) ?? 'undefined';
}
