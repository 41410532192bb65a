// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  branchApi,
  type BranchBridge,
  type BranchMethod,
  type DisplaySettings,
  type ProductView,
  type SessionView,
  type SyncStatusView,
  type TillInfo,
} from '../../shared/api/branch-api';
import { createClient } from '../api/client';
import { initI18n } from '../i18n/i18n';
import { useCartStore } from '../stores/cart-store';
import { App } from './App';
import { createBranchData } from './branch-data';
import { testProduct } from '../../shared/domain/test-support/product';

/**
 * Issue 11 through the whole app: a manager switches the till to Arabic at the till; the page turns right to left
 * (<html dir="rtl" lang="ar">) without a reload, and the checkout's total is written in Arabic-Indic digits when
 * the shop chose them and in Latin digits when it did not. The expected texts are written out by hand.
 */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
(globalThis as { CSS?: { escape(s: string): string } }).CSS ??= { escape: (s: string) => s };

const manager = { id: '0190a0b2-7c3d-7e4f-8a5b-000000000002', name: 'Karim Nassar', role: 'manager' as const };
const till: TillInfo = {
  tillId: '0190a0b2-7c3d-7e4f-8a5b-000000000010',
  tillName: 'Till 1',
  storeId: '0190a0b2-7c3d-7e4f-8a5b-000000000011',
  storeName: 'Hamra',
  currency: 'USD',
  locale: 'en',
};
const milk: ProductView = {
  product: testProduct({ id: '0190a0b2-7c3d-7e4f-8a5b-000000000020', sku: 'MLK-1', name: 'Milk', price: 1_234_50 }),
  available: 100_000,
};

/** The backend's side: it keeps the setting as the till's database would, checked by the contract's schema. */
class Backend {
  display: DisplaySettings = { language: 'en', digits: 'latin' };
  bridge: BranchBridge = {
    call: (async (method: BranchMethod, input: unknown) => {
      const ok = (value: unknown) => ({ ok: true, value });
      const session: SessionView = { user: manager, manager, managerUntil: null };
      const status: SyncStatusView = { online: true, queued: 0, lastSyncAt: null, lastError: null, openConflicts: 0, progress: null };
      switch (method) {
        case 'till.info':
          return ok(till);
        case 'till.settings':
          return ok(this.display);
        case 'till.setDisplay': {
          const parsed = branchApi['till.setDisplay'].input.safeParse(input);
          if (!parsed.success) return { ok: false, error: { code: 'INVALID_INPUT', message: 'bad display settings' } };
          this.display = parsed.data;
          return ok(this.display);
        }
        case 'session.users':
          return ok([manager]);
        case 'session.current':
          return ok(session);
        case 'sync.status':
          return ok(status);
        case 'cart.load':
          return ok(null);
        case 'cart.save':
          return ok({ saved: true });
        default:
          return { ok: false, error: { code: 'NOT_FOUND', message: method } };
      }
    }) as BranchBridge['call'],
  };
}

let root: Root;
let host: HTMLDivElement;
let backend: Backend;
const byTestId = (id: string) => host.querySelector(`[data-testid="${id}"]`);
const settle = () => act(async () => new Promise((r) => setTimeout(r, 20)));
const click = async (id: string) => {
  const el = byTestId(id) as HTMLButtonElement | null;
  if (el === null) throw new Error(`no ${id} on screen`);
  await act(async () => el.click());
  await settle();
};
/** the total as it reads on screen, without the direction marks around it and with plain spaces */
const total = () =>
  (byTestId('cart-total')?.textContent ?? '')
    .replace(/[\u200e\u200f\u061c\u2066-\u2069]/g, '')
    .replace(/[\u00a0\u202f]/g, ' ');

async function choose(language: DisplaySettings['language'], digits: DisplaySettings['digits']): Promise<void> {
  await click('nav-manager');
  await click('tab-settings');
  await click(`settings-language-${language}`);
  await click(`settings-digits-${digits}`);
  await click('settings-save');
  expect(byTestId('settings-saved')).not.toBeNull();
  await click('nav-checkout');
}

beforeEach(async () => {
  await initI18n('en');
  backend = new Backend();
  useCartStore.getState().reset('USD');
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => root.render(<App branch={createBranchData(createClient(backend.bridge))} />));
  await settle();
  await act(async () => useCartStore.getState().add(milk));
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

describe('the till in Arabic', () => {
  it('starts in English, left to right, with Latin digits', () => {
    expect(document.documentElement.dir).toBe('ltr');
    expect(document.documentElement.lang).toBe('en');
    expect(total()).toBe('$1,234.50');
  });

  it('a manager switches to Arabic with Arabic-Indic digits: right to left, the total in ٠١٢٣, no reload', async () => {
    await choose('ar', 'arab');
    expect(backend.display).toEqual({ language: 'ar', digits: 'arab' });
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('ar');
    expect(byTestId('checkout-screen')).not.toBeNull();
    // the same cart, never reloaded: the line is still there
    expect(useCartStore.getState().cart.lines).toHaveLength(1);
    expect(total()).toBe('١٬٢٣٤٫٥٠ US$');
    expect(total()).not.toMatch(/[0-9]/);
    // the words are Arabic too, their numbers included ("بند واحد": one line)
    expect(host.textContent).toContain('إتمام البيع');
    expect(host.textContent).toContain('بند واحد');
  });

  it('Arabic with Latin digits: right to left, the total in 0123', async () => {
    await choose('ar', 'latin');
    expect(document.documentElement.dir).toBe('rtl');
    expect(total()).toMatch(/^[0-9.,]+ US\$$/);
    expect(total()).toBe('1.234,50 US$');
    expect(total()).not.toMatch(/[\u0660-\u0669]/);
  });

  it('back to English from Arabic: left to right again, Latin digits', async () => {
    await choose('ar', 'arab');
    await choose('en', 'latin');
    expect(document.documentElement.dir).toBe('ltr');
    expect(document.documentElement.lang).toBe('en');
    expect(total()).toBe('$1,234.50');
  });

  it('applies the setting the till already has at start-up (after a restart), before anyone touches it', async () => {
    act(() => root.unmount());
    backend.display = { language: 'ar', digits: 'arab' };
    root = createRoot(host);
    await act(async () => root.render(<App branch={createBranchData(createClient(backend.bridge))} />));
    await settle();
    // (logging out of the first page put its cart away)
    await act(async () => useCartStore.getState().add(milk));
    expect(document.documentElement.dir).toBe('rtl');
    expect(total()).toBe('١٬٢٣٤٫٥٠ US$');
  });
});
