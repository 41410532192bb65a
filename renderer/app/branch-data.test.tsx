// @vitest-environment jsdom
import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { onlineManager } from '@tanstack/react-query';
import { v7 as uuidv7 } from 'uuid';
import type { BranchBridge, BranchMethod, ConflictView, LowStockRow, SessionView } from '../../shared/api/branch-api';
import type { ErrorBody } from '../../shared/domain/errors';
import { createClient } from '../api/client';
import { initI18n } from '../i18n/i18n';
import { LowStockScreen } from '../screens/manager/LowStockScreen';
import { BranchProvider, createBranchData, useBranchMutation, useBranchQuery, type BranchData } from './branch-data';
import { useSession, useStartup, useTill } from './session';
import { testProduct } from '../../shared/domain/test-support/product';

/**
 * The renderer's one data path (app/branch-data.tsx) against a small stand-in backend that counts what it is
 * asked: a write refetches the reads on screen that it changed and no others, the backend's typed error reaches
 * the screen in words, a lost session logs the page out, and the browser's "offline" does not stop the till.
 */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cashier = { id: '0190a0b2-7c3d-7e4f-8a5b-000000000001', name: 'Rania Haddad', role: 'cashier' as const };
const loggedIn: SessionView = { user: cashier, manager: null, managerUntil: null };

function lowRow(name: string): LowStockRow {
  return {
    product: testProduct({ sku: name, name, reorderPoint: 5000, reorderQty: 10_000, leadTimeDays: 2 }),
    available: 1000,
    suggestedOrder: 10_000,
  };
}

function conflict(state: ConflictView['state']): ConflictView {
  return {
    id: uuidv7(),
    kind: 'contact_customer',
    state,
    outcome: null,
    saleId: uuidv7(),
    lineId: uuidv7(),
    productId: uuidv7(),
    productName: 'Milk',
    qty: 1000,
    availableAtReplay: 0,
    customerContact: null,
    tillName: 'Till 1',
    cashierName: 'Rania Haddad',
    occurredAt: '2026-03-01T10:00:00.000Z',
    elsewhere: [],
    history: [],
  };
}

type Answer = { ok: true; value: unknown } | { ok: false; error: ErrorBody };

/** Answers each method from `answers` (a function of the input), records every call, and can hold a method's answers. */
class Backend {
  calls: Array<{ method: BranchMethod; input: unknown }> = [];
  answers: Partial<Record<BranchMethod, (input: never) => Answer>> = {
    'session.current': () => ({ ok: true, value: loggedIn }),
  };
  held = new Set<BranchMethod>();
  private release: Array<() => void> = [];

  count(method: BranchMethod): number {
    return this.calls.filter((c) => c.method === method).length;
  }
  letGo(): void {
    this.held.clear();
    for (const r of this.release.splice(0)) r();
  }
  bridge: BranchBridge = {
    call: (async (method: BranchMethod, input: unknown) => {
      this.calls.push({ method, input });
      if (this.held.has(method)) await new Promise<void>((r) => this.release.push(r));
      const answer = this.answers[method];
      if (answer === undefined) return { ok: false, error: { code: 'NOT_FOUND', message: `no ${method} here` } };
      return answer(input as never);
    }) as BranchBridge['call'],
  };
}

let root: Root;
let host: HTMLDivElement;
let backend: Backend;
let branch: BranchData;

async function render(node: React.ReactNode): Promise<void> {
  await act(async () => root.render(<BranchProvider branch={branch}>{node}</BranchProvider>));
  await settle();
}
/** lets answers arrive and the cache tell the screen (it does so a moment later, on a timer of 0 ms) */
async function settle(): Promise<void> {
  await act(async () => new Promise((r) => setTimeout(r, 10)));
}
const byTestId = (id: string) => host.querySelector(`[data-testid="${id}"]`);

beforeAll(async () => {
  await initI18n('en');
});
beforeEach(() => {
  backend = new Backend();
  branch = createBranchData(createClient(backend.bridge));
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
  onlineManager.setOnline(true);
});

describe('a write refetches the reads it changed', () => {
  it('a receipt of goods refreshes the low-stock list on screen; a cart save leaves it alone', async () => {
    let rows = [lowRow('Milk'), lowRow('Bread')];
    backend.answers['stock.lowStock'] = () => ({ ok: true, value: rows });
    backend.answers['stock.receive'] = (input: { receiptId: string }) => ({ ok: true, value: { receiptId: input.receiptId, levels: [] } });
    backend.answers['cart.save'] = () => ({ ok: true, value: { saved: true } });
    await render(<LowStockScreen />);
    expect(host.querySelectorAll('[data-testid="lowstock-row"]')).toHaveLength(2);
    expect(backend.count('stock.lowStock')).toBe(1);

    // A cart save changes no stock: nothing else is asked.
    await act(async () => void (await branch.write('cart.save', { saleId: uuidv7(), lines: [], tenders: [], customerContact: null, nextKey: 1 })));
    await settle();
    expect(backend.count('stock.lowStock')).toBe(1);

    // The Milk arrives: the backend no longer lists it, and the screen shows so without a Refresh.
    rows = [rows[1]!];
    const received = await branch.write('stock.receive', { receiptId: uuidv7(), lines: [{ productId: rows[0]!.product.id, qty: 10_000 }] });
    expect(received.ok).toBe(true);
    await settle();
    expect(backend.count('stock.lowStock')).toBe(2);
    const shown = [...host.querySelectorAll('[data-testid="lowstock-row"]')].map((r) => r.textContent);
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain('Bread');
  });

  it('a refused write refetches too: one without a verdict may have changed what it could', async () => {
    backend.answers['stock.lowStock'] = () => ({ ok: true, value: [] });
    backend.answers['stock.waste'] = () => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'no answer' } });
    await render(<LowStockScreen />);
    const r = await branch.write('stock.waste', { wasteId: uuidv7(), lines: [{ productId: uuidv7(), qty: 1000, reason: 'expired' }] });
    expect(r).toEqual({ ok: false, error: { code: 'UNAVAILABLE', message: 'no answer' } });
    await settle();
    expect(backend.count('stock.lowStock')).toBe(2);
  });

  it("a conflict marked contacted leaves the open list at once, before the list's refetch has answered", async () => {
    const c = conflict('open');
    const contacted: ConflictView = { ...c, state: 'contacted' };
    let open = [c];
    backend.answers['conflicts.list'] = (input: { state?: string }) => ({ ok: true, value: input.state === 'open' ? open : [] });
    backend.answers['conflicts.update'] = () => {
      open = [];
      return { ok: true, value: contacted };
    };
    function OpenConflicts() {
      const list = useBranchQuery('conflicts.list', { state: 'open' });
      return <div data-testid="open-count">{list.data?.length ?? 'none yet'}</div>;
    }
    await render(<OpenConflicts />);
    expect(byTestId('open-count')?.textContent).toBe('1');
    backend.held.add('conflicts.list');
    await act(async () => void (await branch.write('conflicts.update', { conflictId: c.id, action: 'contacted' })));
    await settle();
    expect(backend.count('conflicts.list')).toBe(2); // asked again, and not answered yet
    expect(byTestId('open-count')?.textContent).toBe('0');
    backend.letGo();
    await settle();
    expect(byTestId('open-count')?.textContent).toBe('0');
  });
});

describe('what a screen shows of a failed read', () => {
  it("the backend's typed error, in words with its own detail; Refresh asks again and the rows replace it", async () => {
    let fail = true;
    backend.answers['stock.lowStock'] = () =>
      fail ? { ok: false, error: { code: 'NOT_FOUND', message: 'this store has no stock records' } } : { ok: true, value: [lowRow('Milk')] };
    await render(<LowStockScreen />);
    const alert = host.querySelector('[role="alert"]');
    expect(alert?.textContent).toBe('Not found (this store has no stock records).');
    expect(host.textContent).not.toContain('Loading…');
    fail = false;
    await act(async () => (byTestId('lowstock-refresh') as HTMLButtonElement).click());
    await settle();
    expect(host.querySelector('[role="alert"]')).toBeNull();
    expect(host.querySelectorAll('[data-testid="lowstock-row"]')).toHaveLength(1);
  });

  it('"Loading…" while the first answer is awaited, and only then', async () => {
    backend.answers['stock.lowStock'] = () => ({ ok: true, value: [] });
    backend.held.add('stock.lowStock');
    await render(<LowStockScreen />);
    expect(host.textContent).toContain('Loading…');
    backend.letGo();
    await settle();
    expect(host.textContent).not.toContain('Loading…');
    expect(host.textContent).toContain('Nothing is below its reorder point.');
  });
});

describe('the session', () => {
  function WhoIsIn() {
    return <div data-testid="who">{useSession()?.user?.name ?? 'nobody'}</div>;
  }

  it('a call refused as UNAUTHENTICATED (the backend restarted) logs the page out, once, without retrying', async () => {
    backend.answers['catalog.lookup'] = () => ({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'log in first' } });
    await render(<WhoIsIn />);
    expect(byTestId('who')?.textContent).toBe('Rania Haddad');
    const r = await act(async () => branch.read('catalog.lookup', { code: '5901234123457' }));
    await settle();
    expect(r.ok ? null : r.error.code).toBe('UNAUTHENTICATED');
    expect(backend.count('catalog.lookup')).toBe(1);
    expect(byTestId('who')?.textContent).toBe('nobody');
  });

  it('a wrong PIN at a manager approval is not a lost session', async () => {
    backend.answers['session.elevate'] = () => ({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'wrong PIN' } });
    await render(<WhoIsIn />);
    await act(async () => void (await branch.write('session.elevate', { pin: '9999' })));
    await settle();
    expect(byTestId('who')?.textContent).toBe('Rania Haddad');
  });

  it("a login's answer is the session at once, without asking session.current again", async () => {
    backend.answers['session.current'] = () => ({ ok: true, value: { user: null, manager: null, managerUntil: null } });
    backend.answers['session.login'] = () => ({ ok: true, value: loggedIn });
    await render(<WhoIsIn />);
    expect(byTestId('who')?.textContent).toBe('nobody');
    await act(async () => void (await branch.write('session.login', { userId: cashier.id, pin: '1234' })));
    await settle();
    expect(byTestId('who')?.textContent).toBe('Rania Haddad');
    expect(backend.count('session.current')).toBe(1);
  });
});

describe('the transport underneath', () => {
  it('two reads of the same at once are one call, and both get its answer', async () => {
    backend.answers['catalog.lookup'] = () => ({ ok: true, value: { product: lowRow('Milk').product, available: 1000, pack: null } });
    const [a, b] = await Promise.all([branch.read('catalog.lookup', { code: '5901234123457' }), branch.read('catalog.lookup', { code: '5901234123457' })]);
    expect(a.ok && b.ok).toBe(true);
    expect(backend.count('catalog.lookup')).toBe(1);
    // and a read after those answered asks again: nothing is served stale from the cache
    await branch.read('catalog.lookup', { code: '5901234123457' });
    expect(backend.count('catalog.lookup')).toBe(2);
  });

  it('the browser saying "offline" holds nothing back: the till is on this machine, and sells with the internet down', async () => {
    onlineManager.setOnline(false);
    backend.answers['stock.lowStock'] = () => ({ ok: true, value: [lowRow('Milk')] });
    backend.answers['cart.save'] = () => ({ ok: true, value: { saved: true } });
    function Save() {
      const save = useBranchMutation('cart.save');
      const [said, setSaid] = useState('not yet');
      const run = async () => {
        const r = await save.run({ saleId: uuidv7(), lines: [], tenders: [], customerContact: null, nextKey: 1 });
        setSaid(r.ok ? 'saved' : r.error.code);
      };
      return (
        <button type="button" data-testid="save" onClick={() => void run()}>
          {said}
        </button>
      );
    }
    await render(
      <>
        <LowStockScreen />
        <Save />
      </>,
    );
    expect(host.querySelectorAll('[data-testid="lowstock-row"]')).toHaveLength(1);
    await act(async () => (byTestId('save') as HTMLButtonElement).click());
    await settle();
    expect(byTestId('save')?.textContent).toBe('saved');
  });

  it("the till's info is read once at start-up and then only from the cache: a component per cart line asks nothing", async () => {
    backend.answers['till.info'] = () => ({
      ok: true,
      value: { tillId: uuidv7(), tillName: 'Till 1', storeId: uuidv7(), storeName: 'Main', currency: 'EUR', locale: 'en' },
    });
    backend.answers['session.users'] = () => ({ ok: true, value: [cashier] });
    backend.answers['till.settings'] = () => ({ ok: true, value: { language: 'en', digits: 'latin' } });
    function Line() {
      return <span data-testid="line-currency">{useTill()?.currency ?? 'none'}</span>;
    }
    function Start(props: { lines: number }) {
      const startup = useStartup();
      return (
        <>
          <span data-testid="startup">{startup.state}</span>
          {Array.from({ length: props.lines }, (_, i) => (
            <Line key={i} />
          ))}
        </>
      );
    }
    await render(<Line />);
    expect(byTestId('line-currency')?.textContent).toBe('none');
    expect(backend.count('till.info')).toBe(0);
    await render(<Start lines={1} />);
    expect(byTestId('startup')?.textContent).toBe('ready');
    expect(byTestId('line-currency')?.textContent).toBe('EUR');
    await render(<Start lines={20} />);
    expect([...host.querySelectorAll('[data-testid="line-currency"]')].map((e) => e.textContent)).toEqual(Array(20).fill('EUR'));
    expect(backend.count('till.info')).toBe(1);
  });
});
