import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoChain } from '../../shared/demo';
import { openTillStore } from '../store';
import { findDemoTill, initDemoTillIfFresh } from './demo-till';

const chain = generateDemoChain({ products: 30 });
const dir = mkdtempSync(join(tmpdir(), 'till-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function counts(dbPath: string): { products: number; movements: number; tillName: string | undefined } {
  const store = openTillStore(dbPath);
  try {
    const n = (sql: string): number => (store.db.prepare(sql).get() as { n: number }).n;
    return { products: n('SELECT count(*) AS n FROM products'), movements: n('SELECT count(*) AS n FROM movements'), tillName: store.configOrNull()?.tillName };
  } finally {
    store.close();
  }
}

describe('initDemoTillIfFresh', () => {
  it('turns a fresh file into the named demo till, and leaves it alone on the next start', () => {
    const dbPath = join(dir, 'a.sqlite');
    const till = initDemoTillIfFresh(dbPath, 'hamra till 2', chain);
    expect(till.name).toBe('Hamra Till 2');
    const first = counts(dbPath);
    expect(first).toMatchObject({ products: 30, tillName: 'Hamra Till 2' });
    expect(first.movements).toBeGreaterThan(0);

    initDemoTillIfFresh(dbPath, till.id, chain);
    expect(counts(dbPath)).toEqual(first);
  });

  it('refuses to turn one till into another', () => {
    const dbPath = join(dir, 'b.sqlite');
    initDemoTillIfFresh(dbPath, 'Hamra Till 1', chain);
    expect(() => initDemoTillIfFresh(dbPath, 'Achrafieh Till 1', chain)).toThrow(/already belongs to till "Hamra Till 1"/);
  });

  it('names the demo tills when asked for one that does not exist', () => {
    expect(() => findDemoTill(chain, 'Jounieh Till 9')).toThrow(/Hamra Till 1, Hamra Till 2, Achrafieh Till 1/);
  });
});
