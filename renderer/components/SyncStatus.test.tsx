// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BranchBridge, BranchMethod, SessionView, SyncStatusView } from '../../shared/api/branch-api';
import { SYNC_ATTENTION_REASONS } from '../../shared/api/branch-api';
import { createClient } from '../api/client';
import { BranchProvider, createBranchData } from '../app/branch-data';
import { initI18n } from '../i18n/i18n';
import en from '../i18n/en.json';
import { SYNC_POLL_MS, SyncStatus } from './SyncStatus';

/**
 * The sync badge in a real (jsdom) page: it shows what the backend says. A blocked queue is "Needs attention"
 * with the reason in words and what to do, never "Online"; "Sync now" while offline says so.
 */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const base: SyncStatusView = { online: true, queued: 3, lastSyncAt: null, lastError: null, openConflicts: 0, progress: null };
const user = { id: '0190a0b2-7c3d-7e4f-8a5b-000000000001', name: 'Rania Haddad', role: 'cashier' as const };

let root: Root;
let host: HTMLDivElement;
/** what the backend answers to sync.status and sync.now */
let answer: SyncStatusView = base;
const loggedIn: SessionView = { user, manager: null, managerUntil: null };

/** A till backend that answers the session (a cashier is logged in) and the sync state; `syncNow` may answer otherwise. */
function backend(syncNow?: () => unknown): BranchBridge {
  return {
    call: async (method: BranchMethod) => {
      if (method === 'session.current') return { ok: true, value: loggedIn } as never;
      if (method === 'sync.now' && syncNow !== undefined) return syncNow() as never;
      return { ok: true, value: answer } as never;
    },
  };
}

/** The header's sync status on a page of its own, over `bridge`; nothing is awaited but the render (fake timers). */
async function mount(bridge: BranchBridge): Promise<void> {
  await act(async () =>
    root.render(
      <BranchProvider branch={createBranchData(createClient(bridge))}>
        <SyncStatus />
      </BranchProvider>,
    ),
  );
}

async function render(bridge: BranchBridge = backend()): Promise<void> {
  await mount(bridge);
  // the first answers (session, sync status) arrive
  await act(async () => new Promise((r) => setTimeout(r, 10)));
}
const byTestId = (id: string) => host.querySelector(`[data-testid="${id}"]`);

beforeEach(async () => {
  await initI18n('en');
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  answer = base;
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

describe('the sync badge', () => {
  it('is Online when the backend says online and nothing needs attention', async () => {
    answer = base;
    await render();
    expect(byTestId('sync-badge')?.getAttribute('data-state')).toBe('online');
    expect(byTestId('sync-attention')).toBeNull();
  });

  for (const reason of SYNC_ATTENTION_REASONS) {
    it(`shows "Needs attention" for ${reason}, with what happened and what to do, though the server answered`, async () => {
      const since = new Date(Date.now() - 120_000).toISOString();
      answer = { ...base, online: true, attention: { reason, detail: `detail of ${reason}`, since } };
      await render();
      const badge = byTestId('sync-badge');
      expect(badge?.getAttribute('data-state')).toBe('attention');
      expect(badge?.textContent).toBe('Needs attention');
      const notice = byTestId('sync-attention');
      expect(notice?.getAttribute('data-reason')).toBe(reason);
      expect(notice?.textContent).toContain(en.sync.attention[reason].what);
      expect(notice?.textContent).toContain(en.sync.attention[reason].todo);
      expect(byTestId('sync-attention-detail')?.textContent).toContain(`detail of ${reason}`);
    });
  }

  it('"Sync now" while offline says the till is offline and keeps selling', async () => {
    answer = { ...base, online: false, lastError: 'the server could not be reached (ECONNREFUSED)' };
    await render();
    expect(byTestId('sync-badge')?.getAttribute('data-state')).toBe('offline');
    await act(async () => (byTestId('sync-now') as HTMLButtonElement).click());
    const said = byTestId('sync-error')?.textContent ?? '';
    expect(said).toMatch(/^Offline:/);
    expect(said).toContain('ECONNREFUSED');
  });

  it('"Sync now" on a till with no sync server says offline, not that the till service is down', async () => {
    answer = { ...base, online: false };
    await render(backend(() => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'this till is not connected to a sync server' } })));
    await act(async () => (byTestId('sync-now') as HTMLButtonElement).click());
    expect(byTestId('sync-error')?.textContent).toMatch(/^Offline: .*not connected to a sync server/);
  });
});

describe('the sync status poll', () => {
  afterEach(() => vi.useRealTimers());
  // the cache tells the page of an answer a moment after it came (a timer of 0 ms): let that run too
  const advance = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms), await vi.advanceTimersByTimeAsync(1)));

  it('asks sync.status every interval until the header goes, and shows an unreachable till service over the last good status', async () => {
    vi.useFakeTimers();
    const methods: string[] = [];
    let up = true;
    answer = { ...base, queued: 4 };
    const bridge: BranchBridge = {
      call: async (method: BranchMethod) => {
        methods.push(method);
        if (method === 'session.current') return { ok: true, value: loggedIn } as never;
        return (up ? { ok: true, value: answer } : { ok: false, error: { code: 'UNAVAILABLE', message: 'down' } }) as never;
      },
    };
    await mount(bridge);
    await advance(0);
    expect(byTestId('sync-badge')?.getAttribute('data-state')).toBe('online');
    expect(byTestId('sync-queue')?.getAttribute('data-count')).toBe('4');
    up = false;
    await advance(SYNC_POLL_MS);
    expect(byTestId('sync-badge')?.getAttribute('data-state')).toBe('unreachable');
    // the last good status stays on screen while the service is unreachable
    expect(byTestId('sync-queue')?.getAttribute('data-count')).toBe('4');
    await advance(2 * SYNC_POLL_MS);
    const polls = methods.filter((m) => m === 'sync.status').length;
    expect(polls).toBe(4);
    act(() => root.unmount());
    await vi.advanceTimersByTimeAsync(5 * SYNC_POLL_MS);
    expect(methods.filter((m) => m === 'sync.status').length).toBe(polls);
    root = createRoot(host); // for afterEach
  });

  it('reads till.info again when the poll says it changed (a pull brought new tax settings), and only then', async () => {
    vi.useFakeTimers();
    const methods: string[] = [];
    answer = { ...base, tillInfoStamp: 'inclusive' };
    const bridge: BranchBridge = {
      call: async (method: BranchMethod) => {
        methods.push(method);
        if (method === 'session.current') return { ok: true, value: loggedIn } as never;
        if (method === 'till.info') return { ok: true, value: { tillId: user.id, tillName: 'T1', storeId: user.id, storeName: 'Hamra', currency: 'USD', locale: 'en' } } as never;
        return { ok: true, value: answer } as never;
      },
    };
    await mount(bridge);
    await advance(0);
    await advance(2 * SYNC_POLL_MS);
    // the first stamp is what the page read at start-up: nothing to read again, however often it is polled
    expect(methods.filter((m) => m === 'till.info')).toHaveLength(0);
    answer = { ...base, tillInfoStamp: 'exclusive' };
    await advance(SYNC_POLL_MS);
    expect(methods.filter((m) => m === 'till.info')).toHaveLength(1);
    await advance(2 * SYNC_POLL_MS);
    expect(methods.filter((m) => m === 'till.info')).toHaveLength(1);
  });
});
