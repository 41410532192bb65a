import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PINS, generateDemoChain, type DemoChain, type DemoOptions, type DemoProduct, type DemoUser } from '../../shared/demo';
import type { BranchResult } from '../../shared/api/branch-api';
import { DEFAULT_POLICY } from '../../shared/policy/conflict-policy';
import type { PullResponse } from '../../shared/sync/protocol';
import { createTillBackend, type TillBackend, type TillBackendOptions } from '../backend';
import { seedTillFromDemo } from '../store';

export interface TempTill {
  backend: TillBackend;
  chain: DemoChain;
  dir: string;
  dbPath: string;
  /** dispatch that throws on an error result: for the steps of a test that must succeed */
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
  loginAs(role: 'cashier' | 'manager' | 'head_office'): Promise<DemoUser>;
  /**
   * Active products counted in whole units with at least `minOnHand` on this till's shelf (10 units unless said),
   * in the chain's order; with `barcode`, only those a scanner can read. Throws when there are fewer than `count`.
   */
  stockedUnitProducts(count: number, options?: { minOnHand?: number; barcode?: boolean }): DemoProduct[];
  /**
   * A pull answer for this till as the server would send it, empty but for `overrides` (cursor 10 unless given):
   * the sync tests apply it with applyPull().
   */
  pullResponse(overrides?: Partial<PullResponse>): PullResponse;
  cleanup(): void;
}

const chainCache = new Map<string, DemoChain>();
/** The demo chain is pure: one per options per process is enough. */
export function demoChain(options: DemoOptions = {}): DemoChain {
  const key = JSON.stringify(options);
  let chain = chainCache.get(key);
  if (chain === undefined) {
    chain = generateDemoChain(options);
    chainCache.set(key, chain);
  }
  return chain;
}

/** A real till database file in a fresh temp folder, seeded as a demo till, with outputs checked against the API. */
export function createTempTill(
  options: { demo?: DemoOptions; tillId?: string; backend?: Partial<Omit<TillBackendOptions, 'dbPath'>> } = {},
): TempTill {
  const chain = demoChain(options.demo);
  const dir = mkdtempSync(join(tmpdir(), 'till-test-'));
  const dbPath = join(dir, 'till.db');
  const backend = createTillBackend({ dbPath, validateOutputs: true, ...options.backend });
  seedTillFromDemo(backend.db, chain, options.tillId === undefined ? {} : { tillId: options.tillId });

  async function call<T>(method: string, input: unknown = {}): Promise<T> {
    const result = (await backend.dispatch(method, input)) as BranchResult<T>;
    if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
    return result.value;
  }

  return {
    backend,
    chain,
    dir,
    dbPath,
    call,
    stockedUnitProducts(count, opts = {}) {
      const storeId = backend.db.config().storeId;
      const onHand = backend.db.stmt<[string, string], { on_hand: number }>('SELECT on_hand FROM levels WHERE product_id = ? AND location_id = ?');
      const found = chain.products.filter(
        (p) => p.active && p.unit === 'each' && (opts.barcode !== true || p.barcodes.length > 0) && (onHand.get(p.id, storeId)?.on_hand ?? 0) >= (opts.minOnHand ?? 10_000),
      );
      if (found.length < count) throw new Error(`the demo till has only ${found.length} stocked unit products, ${count} wanted`);
      return found.slice(0, count);
    },
    pullResponse(overrides = {}) {
      const config = backend.db.config();
      return {
        cursor: '10',
        tenant: { id: chain.tenant.id, name: chain.tenant.name, currency: 'USD', policy: DEFAULT_POLICY },
        till: { id: config.tillId, name: config.tillName },
        store: { id: config.storeId, name: config.storeName },
        locations: [],
        products: [],
        users: [],
        levels: [],
        opResults: [],
        conflicts: [],
        ...overrides,
      };
    },
    async loginAs(role) {
      const user = chain.users.find((u) => u.role === role);
      if (user === undefined) throw new Error(`no demo ${role}`);
      await call('session.login', { userId: user.id, pin: user.pin });
      return user;
    },
    cleanup() {
      backend.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { DEMO_PINS };
