import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BranchResult, SessionView } from '../../shared/api/branch-api';
import type { DemoUser } from '../../shared/demo';
import { parsePinHash, PIN_HASH_COST, pinHashWithinLimits } from '../../shared/sync/protocol';
import { hashPin as serverHashPin } from '../../sync-server/auth';
import { checkPinHash } from '../store';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import { PIN_ATTEMPTS_BEFORE_LOCKOUT } from './sessions';

/**
 * Issue 7 item 18, till side: PIN hashes come from the server, so the till bounds their parameters (a hash
 * never decides how much memory or time a check takes), checks off the main thread, and keeps the lockout.
 */
let till: TempTill;
let cashier: DemoUser;

beforeAll(() => {
  till = createTempTill();
  cashier = till.chain.users.find((u) => u.role === 'cashier')!;
});
afterAll(() => till.cleanup());

const PIN = '4821';

/** A real scrypt hash with these parameters (only for cheap ones), or a well-formed fake for expensive ones. */
function hashWith(N: number, r: number, p: number, opts: { saltBytes?: number; keyBytes?: number; compute?: boolean } = {}): string {
  const salt = randomBytes(opts.saltBytes ?? 16);
  const keyBytes = opts.keyBytes ?? 32;
  const key = opts.compute === false ? randomBytes(keyBytes) : scryptSync(PIN, salt, keyBytes, { N, r, p, maxmem: 512 * 2 ** 20 });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function setHash(userId: string, hash: string): void {
  till.backend.db.db.prepare('UPDATE users SET pin_hash = ? WHERE id = ?').run(hash, userId);
}

async function login(userId: string, pin: string): Promise<BranchResult<SessionView>> {
  return (await till.backend.dispatch('session.login', { userId, pin })) as BranchResult<SessionView>;
}

/** Hand-written: which parameters a till computes. Outside: never computed, even with the right PIN. */
const OUTSIDE: Array<[string, () => string]> = [
  ['N = 2^13, weaker than the floor', () => hashWith(2 ** 13, 8, 1)],
  ['N = 3 * 2^14, not a power of two', () => hashWith(3 * 2 ** 14, 8, 1, { compute: false })],
  ['N = 2^24, 16 GiB of memory', () => hashWith(2 ** 24, 8, 1, { compute: false })],
  ['N = 2^40, beyond any memory', () => hashWith(2 ** 40, 8, 1, { compute: false })],
  ['r = 4, below the floor', () => hashWith(2 ** 14, 4, 1)],
  ['r = 32', () => hashWith(2 ** 14, 32, 1, { compute: false })],
  ['p = 0', () => hashWith(2 ** 14, 8, 0, { compute: false })],
  ['p = 5, above the ceiling', () => hashWith(2 ** 14, 8, 5)],
  ['p = 4 with N = 2^17, too much work', () => hashWith(2 ** 17, 8, 4, { compute: false })],
  ['N = 2^17 with r = 16, 256 MiB', () => hashWith(2 ** 17, 16, 1, { compute: false })],
  ['an 8-byte salt', () => hashWith(2 ** 14, 8, 1, { saltBytes: 8 })],
  ['a 16-byte key', () => hashWith(2 ** 14, 8, 1, { keyBytes: 16 })],
  ['a 1 MB key', () => hashWith(2 ** 14, 8, 1, { keyBytes: 2 ** 20, compute: false })],
  ['N in exponent notation', () => hashWith(2 ** 14, 8, 1).replace('$16384$', '$1.6384e4$')],
  ['not scrypt at all', () => 'bcrypt$10$abc'],
];
const INSIDE: Array<[string, () => string]> = [
  ['the floor: N = 2^14, r = 8, p = 1', () => hashWith(2 ** 14, 8, 1)],
  ["the server's cost for new PINs", () => hashWith(PIN_HASH_COST.N, PIN_HASH_COST.r, PIN_HASH_COST.p)],
];

describe('PIN hashes from the server are checked only within fixed parameter limits', () => {
  it.each(OUTSIDE)('refuses a hash with %s as UNSUPPORTED_PIN_HASH without counting a wrong PIN', async (_name, make) => {
    const hash = make();
    expect(await checkPinHash(PIN, hash)).toBe('unsupported');
    setHash(cashier.id, hash);
    const r = await login(cashier.id, PIN);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('UNSUPPORTED_PIN_HASH');
  });

  it.each(INSIDE)('checks a hash at %s: the right PIN logs in, a wrong one is WRONG_PIN', async (_name, make) => {
    const hash = make();
    expect(await checkPinHash(PIN, hash)).toBe('match');
    expect(await checkPinHash('0000', hash)).toBe('mismatch');
    setHash(cashier.id, hash);
    const wrong = await login(cashier.id, '0000');
    expect(!wrong.ok && wrong.error.code).toBe('WRONG_PIN');
    const right = await login(cashier.id, PIN);
    expect(right.ok && right.value.user?.id).toBe(cashier.id);
  });
});

describe('a PIN check never blocks the main thread', () => {
  it('lets the event loop run while the hash is computed', async () => {
    setHash(cashier.id, hashWith(2 ** 14, 8, 1));
    let loopRan = false;
    setImmediate(() => (loopRan = true));
    // A synchronous scrypt would finish inside this call and resolve through microtasks alone, before any
    // setImmediate callback; an asynchronous one yields to the event loop while the thread pool hashes.
    const result = await login(cashier.id, PIN);
    expect(result.ok).toBe(true);
    expect(loopRan).toBe(true);
  });
});

describe('the lockout holds for checks that run concurrently', () => {
  it('counts a burst of parallel wrong PINs one by one and locks before the right PIN gets through', async () => {
    setHash(cashier.id, hashWith(2 ** 14, 8, 1));
    const burst = await Promise.all(Array.from({ length: 12 }, () => login(cashier.id, '0000')));
    const codes = burst.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'WRONG_PIN')).toHaveLength(PIN_ATTEMPTS_BEFORE_LOCKOUT);
    expect(codes.filter((c) => c === 'FORBIDDEN')).toHaveLength(12 - PIN_ATTEMPTS_BEFORE_LOCKOUT);
    const right = await login(cashier.id, PIN);
    expect(!right.ok && right.error.code).toBe('FORBIDDEN');
  });
});

describe("the server's cost for new PIN hashes", () => {
  it('issues hashes every till accepts and verifies, at 64 MiB of memory per guess', async () => {
    const hash = await serverHashPin(PIN);
    const parsed = parsePinHash(hash)!;
    expect(pinHashWithinLimits(parsed)).toBe(true);
    // 128 * N * r bytes per scrypt: an offline guesser pays this for each of a 4-digit PIN's 10,000 candidates.
    expect(128 * parsed.N * parsed.r).toBeGreaterThanOrEqual(64 * 2 ** 20);
    expect(await checkPinHash(PIN, hash)).toBe('match');
    expect(await checkPinHash('4822', hash)).toBe('mismatch');
  });
});
