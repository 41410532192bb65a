import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { parsePinHash } from '../shared/sync/protocol';

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

const PIN_N = 16384;
const PIN_R = 8;
const PIN_P = 1;
const PIN_KEY_BYTES = 32;

function scrypt(pin: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(pin, salt, PIN_KEY_BYTES, { N, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(pin, salt, PIN_N, PIN_R, PIN_P);
  return `scrypt$${PIN_N}$${PIN_R}$${PIN_P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPin(pin: string, hash: string): Promise<boolean> {
  const parsed = parsePinHash(hash);
  if (parsed === null) return false;
  const expected = Buffer.from(parsed.keyB64, 'base64');
  const key = await scrypt(pin, Buffer.from(parsed.saltB64, 'base64'), parsed.N, parsed.r, parsed.p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
