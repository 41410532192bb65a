import { describe, expect, it } from 'vitest';
import type { BranchBridge } from '../../shared/api/branch-api';
import { ApiError, createClient } from '../api/client';
import { useSessionStore } from '../stores/session-store';
import { sessionAwareClient } from './api-context';

const user = { id: '0190a0b2-7c3d-7e4f-8a5b-000000000001', name: 'Rania Haddad', role: 'cashier' as const };

describe('session-aware client', () => {
  it('a call refused as UNAUTHENTICATED sends the till back to the login, once, without retrying', async () => {
    useSessionStore.setState({ session: { user, manager: null, managerUntil: null } });
    let calls = 0;
    const bridge: BranchBridge = {
      call: async () => {
        calls++;
        return { ok: false, error: { code: 'UNAUTHENTICATED', message: 'log in first' } } as never;
      },
    };
    const client = sessionAwareClient(createClient(bridge));
    await expect(client.send('catalog.lookup', { code: '5901234123457' })).rejects.toBeInstanceOf(ApiError);
    expect(calls).toBe(1);
    expect(useSessionStore.getState().session?.user).toBeNull();
  });

  it('a wrong PIN at login is not a lost session', async () => {
    useSessionStore.setState({ session: { user, manager: null, managerUntil: null } });
    const bridge: BranchBridge = { call: async () => ({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'x' } }) as never };
    await sessionAwareClient(createClient(bridge)).call('session.elevate', { pin: '9999' });
    expect(useSessionStore.getState().session?.user).toEqual(user);
  });
});
