import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { parsePinHash, PIN_HASH_LIMITS, pinHashWithinLimits } from '../../shared/sync/protocol';

/**
 * PIN hashes: scrypt with a per-user salt, stored as `scrypt$N$r$p$salt$hash` (base64; shared/sync/protocol.ts).
 * The server issues the hashes of real users (its admin, at PIN_HASH_COST); the till hashes only the demo PINs
 * it seeds itself, at the lowest accepted cost (they are printed in the README anyway).
 */
const DEMO_N = PIN_HASH_LIMITS.minN;
const DEMO_R = PIN_HASH_LIMITS.minR;
const DEMO_P = PIN_HASH_LIMITS.minP;
const KEY_LENGTH = PIN_HASH_LIMITS.keyBytes;
/** scrypt's own memory ceiling, fixed: it is never derived from a hash. */
const MAX_MEMORY = PIN_HASH_LIMITS.maxMemoryBytes + 2 ** 20;

/** Demo seeding only (synchronous: it runs once, before any cashier is waiting). */
export function hashPin(pin: string, salt: Buffer = randomBytes(16)): string {
  const hash = scryptSync(pin, salt, KEY_LENGTH, { N: DEMO_N, r: DEMO_R, p: DEMO_P });
  return `scrypt$${DEMO_N}$${DEMO_R}$${DEMO_P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * 'unsupported': the stored hash is malformed or asks for parameters outside PIN_HASH_LIMITS. It was refused
 * without running scrypt, so a hostile or corrupt hash can neither exhaust the till's memory nor stall it.
 */
export type PinCheck = 'match' | 'mismatch' | 'unsupported';

/**
 * Checks a PIN against a stored hash on libuv's thread pool (crypto.scrypt, not scryptSync): the main process,
 * and with it the till's UI and web mode, keeps running while the 0.1 to 0.6 s of hashing happen.
 */
export async function checkPinHash(pin: string, stored: string): Promise<PinCheck> {
  const parsed = parsePinHash(stored);
  if (parsed === null || !pinHashWithinLimits(parsed)) return 'unsupported';
  const expected = Buffer.from(parsed.keyB64, 'base64');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(pin, Buffer.from(parsed.saltB64, 'base64'), KEY_LENGTH, { N: parsed.N, r: parsed.r, p: parsed.p, maxmem: MAX_MEMORY }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
  // Constant time: how far two PINs agree must not show in how long the comparison takes.
  return expected.length === actual.length && timingSafeEqual(actual, expected) ? 'match' : 'mismatch';
}

export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  return (await checkPinHash(pin, stored)) === 'match';
}
