import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * PIN hashes: scrypt with a per-user salt, stored as `scrypt$N$r$p$salt$hash` (base64). A 4-digit PIN has few
 * possibilities, so the hash mostly keeps PINs out of plain sight in backups; the format carries its
 * parameters so the server can issue hashes the till verifies offline.
 */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export function hashPin(pin: string, salt: Buffer = randomBytes(16)): string {
  const hash = scryptSync(pin, salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  if (expected.length === 0) return false;
  const actual = scryptSync(pin, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * Number(n) * Number(r) + 1024 * 1024,
  });
  // Constant time: how far two PINs agree must not show in how long the comparison takes.
  return timingSafeEqual(actual, expected);
}
