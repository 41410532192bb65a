// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge, ProductView } from '../../shared/api/branch-api';
import { createClient } from '../api/client';
import { BranchProvider, createBranchData } from '../app/branch-data';
import { initI18n } from '../i18n/i18n';
import { ProductSearch, SEARCH_DEBOUNCE_MS } from './ProductSearch';
import { testProduct } from '../../shared/domain/test-support/product';

/**
 * The search box on the one data path: one catalog.search per pause in the typing, the list of the query before
 * stays while a refined one is asked, a late answer to an older query is never shown, and an emptied box forgets
 * its list (typing anew does not bring the old one back while the new query is asked).
 */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function view(name: string): ProductView {
  return {
    product: testProduct({ name }),
    available: 5000,
  };
}
const CATALOG = ['apple', 'apricot', 'banana', 'bread'].map(view);

/** catalog.search by name prefix; each answer waits until the test lets it go, in any order. */
class Catalog {
  asked: string[] = [];
  private waiting = new Map<string, () => void>();
  answer(query: string): void {
    this.waiting.get(query)?.();
    this.waiting.delete(query);
  }
  bridge: BranchBridge = {
    call: (async (method: string, input: { query: string }) => {
      if (method !== 'catalog.search') return { ok: false, error: { code: 'NOT_FOUND', message: method } };
      this.asked.push(input.query);
      await new Promise<void>((r) => this.waiting.set(input.query, r));
      return { ok: true, value: CATALOG.filter((v) => v.product.name.startsWith(input.query)) };
    }) as BranchBridge['call'],
  };
}

let root: Root;
let host: HTMLDivElement;
let catalog: Catalog;
const picked: string[] = [];

const sleep = (ms: number) => act(async () => new Promise((r) => setTimeout(r, ms)));
const box = () => host.querySelector('[data-testid="search-input"]') as HTMLInputElement;
const shown = () => [...host.querySelectorAll('[data-testid="search-result"]')].map((b) => b.getAttribute('data-product-id'));
const ids = (...names: string[]) => names.map((n) => CATALOG.find((v) => v.product.name === n)!.product.id);
async function type(text: string): Promise<void> {
  await act(async () => {
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setter.call(box(), text);
    box().dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function answer(query: string): Promise<void> {
  await act(async () => catalog.answer(query));
  await sleep(10);
}

beforeAll(async () => {
  await initI18n('en');
});
beforeEach(async () => {
  catalog = new Catalog();
  picked.length = 0;
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () =>
    root.render(
      <BranchProvider branch={createBranchData(createClient(catalog.bridge))}>
        <ProductSearch onPick={(v) => picked.push(v.product.name)} />
      </BranchProvider>,
    ),
  );
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

describe('product search', () => {
  it('asks once per pause in the typing, and keeps the list of the query before until the refined one answers', async () => {
    await type('a');
    await type('ap');
    await sleep(SEARCH_DEBOUNCE_MS + 50);
    expect(catalog.asked).toEqual(['ap']);
    await answer('ap');
    expect(shown()).toEqual(ids('apple', 'apricot'));
    await type('apr');
    await sleep(SEARCH_DEBOUNCE_MS + 50);
    expect(catalog.asked).toEqual(['ap', 'apr']);
    expect(shown()).toEqual(ids('apple', 'apricot'));
    await answer('apr');
    expect(shown()).toEqual(ids('apricot'));
  });

  it('a late answer to an older query is not shown over the newer one', async () => {
    await type('b');
    await sleep(SEARCH_DEBOUNCE_MS + 50);
    await type('br');
    await sleep(SEARCH_DEBOUNCE_MS + 50);
    await answer('br');
    expect(shown()).toEqual(ids('bread'));
    await answer('b');
    expect(shown()).toEqual(ids('bread'));
  });

  it('an emptied box forgets its list: typing anew shows nothing old, and Enter picks nothing, until the new answer', async () => {
    await type('ap');
    await sleep(SEARCH_DEBOUNCE_MS + 50);
    await answer('ap');
    expect(shown()).toHaveLength(2);
    await type('');
    expect(shown()).toEqual([]);
    await sleep(20);
    await type('b');
    await sleep(SEARCH_DEBOUNCE_MS + 50);
    expect(catalog.asked).toEqual(['ap', 'b']);
    expect(shown()).toEqual([]);
    await act(async () => box().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(picked).toEqual([]);
    await answer('b');
    expect(shown()).toEqual(ids('banana', 'bread'));
    await act(async () => box().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(picked).toEqual(['banana']);
  });
});
