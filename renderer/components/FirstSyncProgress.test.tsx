// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SyncStatusView } from '../../shared/api/branch-api';
import { initI18n } from '../i18n/i18n';
import { useSyncStore } from '../stores/sync-store';
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
beforeAll(async () => {
  await initI18n('en');
});
beforeEach(async () => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  await act(async () => root.render(<FirstSyncProgress />));
});
afterEach(async () => {
  await act(async () => root.unmount());
  host.remove();
  useSyncStore.setState({ status: null });
});

const shown = () => host.querySelector('[data-testid="first-sync"]');

describe('the first-sync progress bar', () => {
  it('shows how much of the first sync is loaded, and only during the first sync', async () => {
    expect(shown()).toBeNull();
    await act(async () => useSyncStore.setState({ status: status({ done: 300, total: 1200, firstSync: true }) }));
    expect(shown()?.textContent).toContain('300 of 1200');
    expect(shown()?.textContent).toContain('25%');
    const bar = host.querySelector('[role="progressbar"]');
    expect([bar?.getAttribute('aria-valuenow'), bar?.getAttribute('aria-valuemax')]).toEqual(['300', '1200']);
    expect((bar?.firstElementChild as HTMLElement | null)?.style.width).toBe('25%');
    // a later, ordinary pull of several pages is no first sync
    await act(async () => useSyncStore.setState({ status: status({ done: 3, total: 9, firstSync: false }) }));
    expect(shown()).toBeNull();
    await act(async () => useSyncStore.setState({ status: status(undefined) }));
    expect(shown()).toBeNull();
  });
});
