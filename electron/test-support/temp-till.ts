import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PINS, generateDemoChain, type DemoChain, type DemoOptions, type DemoUser } from '../../shared/demo';
import type { BranchResult } from '../../shared/api/branch-api';
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
