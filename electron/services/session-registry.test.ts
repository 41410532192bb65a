import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoUser } from '../../shared/demo';
import { createTempTill, type TempTill } from '../test-support/temp-till';
import { DESKTOP_SESSION, SessionRegistry } from './session-registry';

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
    // 'a' was used last, so a third device logging in pushes out 'b', whose browser must log in again.
    registry.forKey('a');
    await registry.forKey('c').login(cashier.id, cashier.pin);
    expect(registry.size).toBe(2);
    expect(registry.forKey('a').current().user?.id).toBe(cashier.id);
    expect(registry.forKey('b').current().user).toBeNull();
  });

  it('keeps a device only once it logs in, and the desktop outside the bound', async () => {
    const registry = new SessionRegistry(till.backend.db, () => new Date(), 2);
    await registry.forKey(DESKTOP_SESSION).login(cashier.id, cashier.pin);
    await registry.forKey('a').login(cashier.id, cashier.pin);
    for (let i = 0; i < 10; i++) expect(registry.forKey(`unknown-${i}`).current().user).toBeNull();
    expect(registry.size).toBe(1);
    await registry.forKey('b').login(cashier.id, cashier.pin);
    await registry.forKey('c').login(cashier.id, cashier.pin);
    expect(registry.size).toBe(2);
    expect(registry.forKey('a').current().user).toBeNull();
    expect(registry.forKey('c').current().user?.id).toBe(cashier.id);
    expect(registry.forKey(DESKTOP_SESSION).current().user?.id).toBe(cashier.id);
  });
});
