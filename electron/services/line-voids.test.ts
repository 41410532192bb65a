import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { BranchResult } from '../../shared/api/branch-api';
import type { DemoUser } from '../../shared/demo';
import { pendingOps } from '../store';
import { createTempTill, type TempTill } from '../test-support/temp-till';

/**
 * Voids (issue 11, approvals) through the branch API on a real till database: a cashier's void waits for a
 * manager's PIN and writes nothing until then; approved, it is one op line_void naming the cashier and the
 * manager; a retry answers again, the same id with other lines is refused; nothing moves stock.
 */
let till: TempTill;
let manager: DemoUser;
let cashier: DemoUser;
beforeEach(async () => {
  till = createTempTill({ demo: { products: 12 } });
  manager = till.chain.users.find((u) => u.role === 'manager') as DemoUser;
  cashier = till.chain.users.find((u) => u.role === 'cashier') as DemoUser;
  await till.loginAs('cashier');
});
afterEach(() => till.cleanup());

const dispatch = (method: string, input: unknown): Promise<BranchResult<unknown>> => till.backend.dispatch(method, input);
const voids = () => pendingOps(till.backend.db).filter((o) => o.type === 'line_void');
const levels = () => till.backend.db.db.prepare('SELECT product_id, on_hand FROM levels ORDER BY product_id').all();

describe('voiding scanned lines', () => {
  it('needs a manager, and is recorded once with both users, moving no stock', async () => {
    const [a, b] = till.stockedUnitProducts(2);
    const input = { voidId: uuidv7(), saleId: uuidv7(), lines: [{ productId: a!.id, qty: 2000 }], whole: false };
    const stock = levels();
    expect(await dispatch('cart.void', input)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(voids()).toHaveLength(0);
    await till.call('session.elevate', { pin: manager.pin });
    expect(await till.call('cart.void', input)).toEqual({ voidId: input.voidId });
    await till.call('cart.void', input);
    expect(await dispatch('cart.void', { ...input, lines: [{ productId: b!.id, qty: 1000 }] })).toMatchObject({ ok: false, error: { code: 'ID_REUSED' } });
    expect(voids()).toHaveLength(1);
    expect(voids()[0]).toMatchObject({ userId: cashier.id, payload: { ...input, approvedBy: manager.id } });
    expect(levels()).toEqual(stock);
    expect(() => till.backend.db.db.prepare('UPDATE line_voids SET whole = 1').run()).toThrow(/IMMUTABLE/);
  });

  it('is a manager’s own when the manager is logged in, and refuses an absurd quantity', async () => {
    await till.call('session.logout');
    await till.loginAs('manager');
    const [a] = till.stockedUnitProducts(1);
    await till.call('cart.void', { voidId: uuidv7(), saleId: uuidv7(), lines: [{ productId: a!.id, qty: 1000 }], whole: true });
    expect(voids()[0]?.userId).toBe(manager.id);
    expect((voids()[0]?.payload as { approvedBy?: string }).approvedBy).toBeUndefined();
    expect(await dispatch('cart.void', { voidId: uuidv7(), saleId: uuidv7(), lines: [{ productId: a!.id, qty: 0 }], whole: false })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await dispatch('cart.void', { voidId: uuidv7(), saleId: uuidv7(), lines: [], whole: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
