// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BranchBridge, SyncStatusView } from '../../shared/api/branch-api';
import { createClient } from '../api/client';
import { BranchProvider, createBranchData, type BranchData } from '../app/branch-data';
import { initI18n } from '../i18n/i18n';
import { FirstSyncProgress } from './FirstSyncProgress';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const status = (pullProgress: SyncStatusView['pullProgress']): SyncStatusView => ({
  online: true,
  queued: 0,
  lastSyncAt: null,
  lastError: null,
  openConflicts: 0,
  progress: null,
  ...(pullProgress === undefined ? {} : { pullProgress }),
});

let root: Root;
let host: HTMLDivElement;
/** what the backend answers to sync.status and sync.now */
let current: SyncStatusView = status(undefined);
const bridge: BranchBridge = { call: async () => ({ ok: true, value: current }) as never };
let branch: BranchData;
/** the backend's state changes, and the page hears of it (here through Sync now, whose answer is the new status) */
async function backendSays(next: SyncStatusView): Promise<void> {
  current = next;
  await act(async () => {
    await branch.write('sync.now', {});
    // the cache tells its readers a moment later (a timer of 0 ms)
    await new Promise((r) => setTimeout(r, 5));
  });
}
beforeAll(async () => {
  await initI18n('en');
});
beforeEach(async () => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  current = status(undefined);
  branch = createBranchData(createClient(bridge));
  await act(async () =>
    root.render(
      <BranchProvider branch={branch}>
        <FirstSyncProgress />
      </BranchProvider>,
    ),
  );
});
afterEach(async () => {
  await act(async () => root.unmount());
  host.remove();
});

const shown = () => host.querySelector('[data-testid="first-sync"]');

describe('the first-sync progress bar', () => {
  it('shows how much of the first sync is loaded, and only during the first sync', async () => {
    expect(shown()).toBeNull();
    await backendSays(status({ done: 300, total: 1200, firstSync: true }));
    // numbers in a sentence are written as the till writes numbers: grouped, in its digits
    expect(shown()?.textContent).toContain('300 of 1,200');
    expect(shown()?.textContent).toContain('25%');
    const bar = host.querySelector('[role="progressbar"]');
    expect([bar?.getAttribute('aria-valuenow'), bar?.getAttribute('aria-valuemax')]).toEqual(['300', '1200']);
    expect((bar?.firstElementChild as HTMLElement | null)?.style.width).toBe('25%');
    // a later, ordinary pull of several pages is no first sync
    await backendSays(status({ done: 3, total: 9, firstSync: false }));
    expect(shown()).toBeNull();
    await backendSays(status(undefined));
    expect(shown()).toBeNull();
  });
});
