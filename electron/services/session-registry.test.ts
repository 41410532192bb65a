import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoUser } from '../../shared/demo';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import { SessionRegistry } from './session-registry';

/** The registry behind web mode's one-session-per-browser: bounded, least recently used forgotten first. */
let till: TempTill;
let cashier: DemoUser;

beforeEach(() => {
  till = createTempTill({ demo: { products: 4 } });
  cashier = till.chain.users.find((u) => u.role === 'cashier') as DemoUser;
});
afterEach(() => till.cleanup());

describe('session registry', () => {
  it('keeps one session per key and forgets the least recently used beyond its bound', async () => {
    const registry = new SessionRegistry(till.backend.db, () => new Date(), 2);
    await registry.forKey('a').login(cashier.id, cashier.pin);
    await registry.forKey('b').login(cashier.id, cashier.pin);
    expect(registry.forKey('a')).toBe(registry.forKey('a'));
    // 'a' was used last, so a third device pushes out 'b', whose browser must log in again.
    registry.forKey('a');
    registry.forKey('c');
    expect(registry.size).toBe(2);
    expect(registry.forKey('a').current().user?.id).toBe(cashier.id);
    expect(registry.forKey('b').current().user).toBeNull();
  });
});
