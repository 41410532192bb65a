import { DomainError } from '../../shared/domain/errors';
import { generateDemoChain } from '../../shared/demo';
import { hashPin } from '../auth';
import type { Db } from '../db/db';
import { findTenant } from '../db/catalog-repo';
import { createTenant, createLocation } from './tenants';
import { createUser } from './people';
import { enrollTill } from './tills';
import { putProducts, receiveStock } from './catalog';
import { setScaleFormats } from './scale-formats';

// The demo chain (shared/demo) seeded through the same admin functions a real chain is set up with.

export interface SeededTill {
  tillId: string;
  name: string;
  storeId: string;
  token: string;
}

/** Seeds the demo chain from shared/demo: tenant, locations, products, opening stock, users, and enrolled tills. */
export async function seedDemo(db: Db, opts: { products?: number; seed?: number } = {}): Promise<{ tenantId: string; tills: SeededTill[] }> {
  const chain = generateDemoChain({ ...(opts.products !== undefined ? { products: opts.products } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
  const t = chain.tenant;
  if ((await findTenant(db, t.id)) !== null) throw new DomainError('DUPLICATE', `the demo tenant ${t.id} is already seeded`);
  await createTenant(db, { id: t.id, name: t.name, currency: t.currency, policy: t.policy });
  for (const l of chain.locations) await createLocation(db, { tenantId: t.id, id: l.id, name: l.name, kind: l.kind });
  for (const s of chain.stores) if (s.scaleFormats !== undefined) await setScaleFormats(db, { tenantId: t.id, storeId: s.id, formats: s.scaleFormats });
  const hashes = new Map<string, string>();
  for (const u of chain.users) {
    const pinHash = hashes.get(u.pin) ?? (await hashPin(u.pin));
    hashes.set(u.pin, pinHash);
    await createUser(db, { tenantId: t.id, id: u.id, name: u.name, role: u.role, pin: u.pin, stores: demoStoresOf(chain, u) }, { pinHash });
  }
  for (let i = 0; i < chain.products.length; i += 5000) {
    await putProducts(db, t.id, chain.products.slice(i, i + 5000).map(({ category: _category, ...p }) => p));
  }
  for (const loc of chain.locations) {
    const lines = chain.stock.filter((s) => s.locationId === loc.id).map((s) => ({ productId: s.productId, qty: s.qty }));
    for (let i = 0; i < lines.length; i += 5000) await receiveStock(db, t.id, loc.id, lines.slice(i, i + 5000));
  }
  const tills: SeededTill[] = [];
  for (const till of chain.tills) {
    const { token } = await enrollTill(db, { tenantId: t.id, storeId: till.storeId, name: till.name, id: till.id });
    tills.push({ tillId: till.id, name: till.name, storeId: till.storeId, token });
  }
  return { tenantId: t.id, tills };
}

/** The demo's cashiers each work at one store (in turn), its managers at every store, head office anywhere. */
function demoStoresOf(chain: ReturnType<typeof generateDemoChain>, user: ReturnType<typeof generateDemoChain>['users'][number]): string[] {
  const stores = chain.locations.filter((l) => l.kind === 'store').map((l) => l.id);
  if (user.role === 'head_office') return [];
  if (user.role === 'manager') return stores;
  const cashierIndex = chain.users.filter((u) => u.role === 'cashier').indexOf(user);
  return [stores[cashierIndex % stores.length] as string];
}
