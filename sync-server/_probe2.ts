import { v7 as uuidv7 } from 'uuid';
import { TestTill } from './test-support/client';
import { validatePush } from './sync/push';
import { planOps } from './sync/plan';
const till = new TestTill('http://x', uuidv7(), 'tok', uuidv7());
const products = Array.from({ length: 500 }, () => uuidv7());
const ops = Array.from({ length: 500 }, (_, i) => till.sale([0, 1, 2].map((k) => ({ productId: products[(i * 7 + k * 13) % 500]!, qty: 1000 }))));
const body = JSON.stringify({ ops });
const id = { tenantId: uuidv7(), terminalId: till.tillId, storeId: uuidv7(), name: 'x' };
for (let r = 0; r < 40; r++) {
  let t = performance.now(); const parsed = JSON.parse(body); const a = performance.now() - t;
  t = performance.now(); const prepared = validatePush(parsed, id); const b = performance.now() - t;
  t = performance.now();
  const plan = planOps({ policy: { oversell: 'reverse_later_sale' }, receivedAt: new Date(), ops: prepared, levels: new Map(products.map((p) => [p, { onHand: 1e9, reserved: 0, inTransit: 0, quarantined: 0, countedAt: null }])), knownProducts: new Set(products), existingDocuments: new Set(), storedEffectAfter: () => 0, newId: uuidv7 });
  const c = performance.now() - t;
  t = performance.now(); JSON.stringify(plan.ops.map((o) => ({ body: o.raw, result: o.result }))); JSON.stringify(plan.movements); const d = performance.now() - t;
  console.log(`parse ${a.toFixed(1)} validate ${b.toFixed(1)} plan ${c.toFixed(1)} stringify ${d.toFixed(1)} ms per 500 ops`);
}
