import { createContext, useContext } from 'react';
import { api, ApiError, type BranchClient } from '../api/client';
import { useSessionStore } from '../stores/session-store';

/**
 * The client the screens use. It wraps the transport so that a call refused as UNAUTHENTICATED (the backend
 * restarted, the session expired) takes the till back to the login screen wherever it happened.
 */
export function sessionAwareClient(inner: BranchClient): BranchClient {
  const call: BranchClient['call'] = async (method, input) => {
    const r = await inner.call(method, input);
    if (!r.ok && r.error.code === 'UNAUTHENTICATED' && !method.startsWith('session.')) useSessionStore.getState().forget();
    return r;
  };
  return {
    call,
    send: async (method, input) => {
      const r = await call(method, input);
      if (!r.ok) throw new ApiError(r.error);
      return r.value;
    },
  };
}

export const ApiContext = createContext<BranchClient | null>(null);

export function useApi(): BranchClient {
  return useContext(ApiContext) ?? api();
}
