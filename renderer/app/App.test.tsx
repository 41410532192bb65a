// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge, BranchMethod, SessionView, SyncStatusView, TillInfo } from '../../shared/api/branch-api';
import type { ErrorBody } from '../../shared/domain/errors';
import { createClient } from '../api/client';
import en from '../i18n/en.json';
import { initI18n } from '../i18n/i18n';
import { useCartStore } from '../stores/cart-store';
import { SEARCH_DEBOUNCE_MS } from '../components/ProductSearch';
import { App } from './App';
import { createBranchData, type BranchData } from './branch-data';

/**
 * The whole app on the one data path, against a stand-in backend: the start-up error and its retry, the login,
 * and the way back to the login when the backend forgets the session. Texts are the locale's, as a cashier reads them.
 */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
(globalThis as { CSS?: { escape(s: string): string } }).CSS ??= { escape: (s: string) => s };

const cashier = { id: '0190a0b2-7c3d-7e4f-8a5b-000000000001', name: 'Rania Haddad', role: 'cashier' as const };
const till: TillInfo = {
  tillId: '0190a0b2-7c3d-7e4f-8a5b-000000000010',
  tillName: 'Till 1',
  storeId: '0190a0b2-7c3d-7e4f-8a5b-000000000011',
  storeName: 'Hamra',
  currency: 'USD',
  locale: 'en',
};
const status: SyncStatusView = { online: true, queued: 0, lastSyncAt: null, lastError: null, openConflicts: 0, progress: null };
const out: SessionView = { user: null, manager: null, managerUntil: null };

class Backend {
  tillDown = true;
  session: SessionView = out;
  sessionLost = false;
  calls: BranchMethod[] = [];
  bridge: BranchBridge = {
    call: (async (method: BranchMethod, input: { pin?: string }) => {
      this.calls.push(method);
      const ok = (value: unknown) => ({ ok: true, value });
      const fail = (error: ErrorBody) => ({ ok: false, error });
      if (this.sessionLost && !method.startsWith('session.') && method !== 'till.info' && method !== 'till.settings' && method !== 'sync.status') {
        return fail({ code: 'UNAUTHENTICATED', message: 'log in first' });
      }
      switch (method) {
        case 'till.info':
          return this.tillDown ? fail({ code: 'UNAVAILABLE', message: 'the till service cannot be reached' }) : ok(till);
        case 'till.settings':
          return this.tillDown ? fail({ code: 'UNAVAILABLE', message: 'the till service cannot be reached' }) : ok({ language: 'en', digits: 'latin' });
        case 'session.users':
          return ok([cashier]);
        case 'session.current':
          return ok(this.session);
        case 'session.login':
          if (input.pin !== '1234') return fail({ code: 'WRONG_PIN', message: 'wrong PIN' });
          this.session = { user: cashier, manager: null, managerUntil: null };
          return ok(this.session);
        case 'sync.status':
          return ok(status);
        case 'cart.load':
          return ok(null);
        case 'cart.save':
          return ok({ saved: true });
        default:
          return fail({ code: 'NOT_FOUND', message: method });
      }
    }) as BranchBridge['call'],
  };
}

let root: Root;
let host: HTMLDivElement;
let backend: Backend;
let branch: BranchData;
const byTestId = (id: string) => host.querySelector(`[data-testid="${id}"]`);
const settle = () => act(async () => new Promise((r) => setTimeout(r, 20)));
const click = (id: string) => act(async () => (byTestId(id) as HTMLButtonElement).click());

beforeAll(async () => {
  await initI18n('en');
});
beforeEach(async () => {
  backend = new Backend();
  useCartStore.getState().reset('USD');
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  branch = createBranchData(createClient(backend.bridge));
  await act(async () => root.render(<App branch={branch} />));
  await settle();
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

async function logIn(pin: string): Promise<void> {
  await click('login-user');
  for (const d of pin) await click(`login-pin-${d}`);
  await click('login-pin-ok');
  await settle();
}

describe('the app', () => {
  it('says why it cannot start, keeps saying it while Retry asks, and starts once the till answers', async () => {
    expect(byTestId('startup-error')?.textContent).toContain(en.app.cannotStart.replace('{{reason}}', en.errors.UNAVAILABLE));
    expect(byTestId('till-name')).toBeNull();
    backend.tillDown = false;
    await click('startup-retry');
    await settle();
    expect(byTestId('startup-error')).toBeNull();
    expect(byTestId('till-name')?.textContent).toBe('Hamra · Till 1');
    expect(byTestId('login-screen')).not.toBeNull();
  });

  it('a wrong PIN is said in words; the right one opens the checkout; a forgotten session goes back to the login', async () => {
    backend.tillDown = false;
    await click('startup-retry');
    await settle();
    await logIn('9999');
    expect(byTestId('login-error')?.textContent).toBe(en.errors.WRONG_PIN);
    await logIn('1234');
    expect(byTestId('checkout-screen')).not.toBeNull();
    expect(byTestId('current-user')?.textContent).toBe('Logged in: Rania Haddad');
    // The backend restarts and forgets the session: the next call the page makes (a search) is refused.
    backend.sessionLost = true;
    const search = byTestId('search-input') as HTMLInputElement;
    await act(async () => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(search, 'milk');
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    // (a timer inside act runs its updates when act ends: wait out the debounce, then let the search go and answer)
    await act(async () => new Promise((r) => setTimeout(r, SEARCH_DEBOUNCE_MS + 50)));
    await settle();
    await settle();
    expect(backend.calls.at(-1)).toBe('catalog.search');
    expect(byTestId('login-screen')).not.toBeNull();
    expect(byTestId('current-user')).toBeNull();
  });
});
