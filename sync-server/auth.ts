import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { parsePinHash, PIN_HASH_COST, PIN_HASH_LIMITS, pinHashWithinLimits } from '../shared/sync/protocol';

/**
 * Till tokens are 32 random bytes; the server keeps only their sha256, so a leaked database does not hand out
 * working tokens. PIN hashes use scrypt in the format shared/sync/protocol.ts documents, because tills verify
 * them offline.
 */
export const TOKEN_PREFIX = 'till_';

export function newTillToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Extracts the token from an Authorization header, or null when it is missing or malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (header === undefined) return null;
  const m = /^Bearer\s+(\S{16,200})$/.exec(header.trim());
  return m?.[1] ?? null;
}

/** New PIN hashes cost PIN_HASH_COST, inside the limits every till accepts (shared/sync/protocol.ts). */
const PIN_KEY_BYTES = PIN_HASH_LIMITS.keyBytes;
/** scrypt's memory ceiling is fixed, never taken from a hash. */
const MAX_MEMORY = PIN_HASH_LIMITS.maxMemoryBytes + 2 ** 20;

function scrypt(pin: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(pin, salt, PIN_KEY_BYTES, { N, r, p, maxmem: MAX_MEMORY }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPin(pin: string): Promise<string> {
  const { N, r, p } = PIN_HASH_COST;
  const salt = randomBytes(16);
  const key = await scrypt(pin, salt, N, r, p);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** False for a wrong PIN and for a hash outside the limits (which is never computed). */
export async function verifyPin(pin: string, hash: string): Promise<boolean> {
  const parsed = parsePinHash(hash);
  if (parsed === null || !pinHashWithinLimits(parsed)) return false;
  const expected = Buffer.from(parsed.keyB64, 'base64');
  const key = await scrypt(pin, Buffer.from(parsed.saltB64, 'base64'), parsed.N, parsed.r, parsed.p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
