// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge, SyncStatusView } from '../../shared/api/branch-api';
import { SYNC_ATTENTION_REASONS } from '../../shared/api/branch-api';
import { createClient } from '../api/client';
import { ApiContext } from '../app/api-context';
import { initI18n } from '../i18n/i18n';
import en from '../i18n/en.json';
import { useSessionStore } from '../stores/session-store';
import { useSyncStore } from '../stores/sync-store';
import { SyncStatus } from './SyncStatus';

/**
 * The sync badge in a real (jsdom) page: it shows what the backend says. A blocked queue is "Needs attention"
 * with the reason in words and what to do, never "Online"; "Sync now" while offline says so.
 */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const base: SyncStatusView = { online: true, queued: 3, lastSyncAt: null, lastError: null, openConflicts: 0, progress: null };
const user = { id: '0190a0b2-7c3d-7e4f-8a5b-000000000001', name: 'Rania Haddad', role: 'cashier' as const };

let root: Root;
let host: HTMLDivElement;
let answer: SyncStatusView = base;

const bridge: BranchBridge = { call: async () => ({ ok: true, value: answer }) as never };

async function render(): Promise<void> {
  await act(async () =>
    root.render(
      <ApiContext.Provider value={createClient(bridge)}>
        <SyncStatus />
      </ApiContext.Provider>,
    ),
  );
}
const byTestId = (id: string) => host.querySelector(`[data-testid="${id}"]`);

beforeEach(async () => {
  await initI18n('en');
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  useSessionStore.setState({ session: { user, manager: null, managerUntil: null } });
  answer = base;
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

describe('the sync badge', () => {
  it('is Online when the backend says online and nothing needs attention', async () => {
    useSyncStore.setState({ status: base, unreachable: null, syncing: false });
    await render();
    expect(byTestId('sync-badge')?.getAttribute('data-state')).toBe('online');
    expect(byTestId('sync-attention')).toBeNull();
  });

  for (const reason of SYNC_ATTENTION_REASONS) {
    it(`shows "Needs attention" for ${reason}, with what happened and what to do, though the server answered`, async () => {
      const since = new Date(Date.now() - 120_000).toISOString();
      useSyncStore.setState({ status: { ...base, online: true, attention: { reason, detail: `detail of ${reason}`, since } }, unreachable: null, syncing: false });
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
    useSyncStore.setState({ status: answer, unreachable: null, syncing: false });
    await render();
    expect(byTestId('sync-badge')?.getAttribute('data-state')).toBe('offline');
    await act(async () => (byTestId('sync-now') as HTMLButtonElement).click());
    const said = byTestId('sync-error')?.textContent ?? '';
    expect(said).toMatch(/^Offline:/);
    expect(said).toContain('ECONNREFUSED');
  });

  it('"Sync now" on a till with no sync server says offline, not that the till service is down', async () => {
    const noServer: BranchBridge = {
      call: async (method) =>
        (method === 'sync.now'
          ? { ok: false, error: { code: 'UNAVAILABLE', message: 'this till is not connected to a sync server' } }
          : { ok: true, value: { ...base, online: false } }) as never,
    };
    useSyncStore.setState({ status: { ...base, online: false }, unreachable: null, syncing: false });
    await act(async () =>
      root.render(
        <ApiContext.Provider value={createClient(noServer)}>
          <SyncStatus />
        </ApiContext.Provider>,
      ),
    );
    await act(async () => (byTestId('sync-now') as HTMLButtonElement).click());
    expect(byTestId('sync-error')?.textContent).toMatch(/^Offline: .*not connected to a sync server/);
  });
});
