import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../api/client';
import type { BranchBridge } from '../../shared/api/branch-api';
import { startSyncPolling, useSyncStore } from './sync-store';

const status = { online: true, queued: 4, lastSyncAt: null, lastError: null, openConflicts: 0, progress: { done: 1, total: 4 } };

describe('sync status polling', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    useSyncStore.setState({ status: null, unreachable: null, syncing: false });
  });
  afterEach(() => vi.useRealTimers());

  it('asks sync.status every interval until stopped, and records an unreachable till service', async () => {
    const methods: string[] = [];
    let up = true;
    const bridge: BranchBridge = {
      call: async (method) => {
        methods.push(method);
        return (up ? { ok: true, value: status } : { ok: false, error: { code: 'UNAVAILABLE', message: 'down' } }) as never;
      },
    };
    const stop = startSyncPolling(createClient(bridge), 2000);
    await vi.advanceTimersByTimeAsync(0);
    expect(useSyncStore.getState().status).toEqual(status);
    up = false;
    await vi.advanceTimersByTimeAsync(2000);
    expect(useSyncStore.getState().unreachable?.code).toBe('UNAVAILABLE');
    // the last good status stays on screen while the service is unreachable
    expect(useSyncStore.getState().status?.queued).toBe(4);
    await vi.advanceTimersByTimeAsync(4000);
    const polls = methods.length;
    expect(polls).toBe(4);
    stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(methods.length).toBe(polls);
    expect(new Set(methods)).toEqual(new Set(['sync.status']));
  });
});
