import { generateDemoChain } from '../../shared/demo';
import type { DemoChain, DemoTill } from '../../shared/demo';
import { openTillStore, seedTillFromDemo } from '../store';

/**
 * Makes a fresh database one of the demo chain's tills (catalog, users, its store's opening stock), the same
 * chain the sync server seeds, so ids agree on both sides. A database that already has a till is left alone:
 * a restarted demo keeps its sales.
 */
export function initDemoTillIfFresh(dbPath: string, tillNameOrId: string, chain: DemoChain = generateDemoChain()): DemoTill {
  const till = findDemoTill(chain, tillNameOrId);
  const store = openTillStore(dbPath);
  try {
    const config = store.configOrNull();
    if (config === null) {
      seedTillFromDemo(store, chain, { tillId: till.id });
    } else if (config.tillId !== till.id) {
      throw new Error(`${dbPath} already belongs to till "${config.tillName}", not "${till.name}"`);
    }
  } finally {
    store.close();
  }
  return till;
}

export function findDemoTill(chain: DemoChain, tillNameOrId: string): DemoTill {
  const wanted = tillNameOrId.trim().toLowerCase();
  const till = chain.tills.find((t) => t.id === tillNameOrId || t.name.toLowerCase() === wanted);
  if (till === undefined) {
    throw new Error(`no demo till "${tillNameOrId}"; the demo tills are: ${chain.tills.map((t) => t.name).join(', ')}`);
  }
  return till;
}
