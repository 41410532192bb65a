import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { hashKey, keepPreviousData, QueryClient, useMutation, useQuery } from '@tanstack/react-query';
import type { BranchInput, BranchOutput, BranchResult } from '../../shared/api/branch-api';
import type { ErrorBody } from '../../shared/domain/errors';
import { api, ApiError, type BranchClient } from '../api/client';
import {
  LOGGED_OUT,
  READ_STALE_MS,
  sessionLost,
  WRITE_EFFECTS,
  type CacheEdit,
  type ReadMethod,
  type WriteEffect,
  type WriteMethod,
} from './branch-methods';

/**
 * The renderer's one way to the till's data. Screens read with `useBranchQuery` (what they show) or
 * `useBranch().read` (a lookup an event asks for: a scan, a count sheet), and write with `useBranchMutation` or
 * `useBranch().write`. All of it goes through one cache (TanStack Query) keyed by method and input, over the one
 * typed client (api/client.ts), so:
 * - every answer is a BranchResult: a failure is the backend's typed ErrorBody, never a thrown surprise;
 * - a write refetches the reads it changed (WRITE_EFFECTS in ./branch-methods), wherever they are on screen;
 * - a call refused as UNAUTHENTICATED (the backend restarted) logs the page out, wherever it happened;
 * - the same read asked twice at once is one call.
 */

declare module '@tanstack/react-query' {
  interface Register {
    // queries fail only with the client's ApiError (its body is the backend's ErrorBody)
    defaultError: ApiError;
  }
}

export interface BranchData {
  /** a read through the cache: always asks the backend (joins a call for the same read already under way) */
  read<M extends ReadMethod>(method: M, input: BranchInput<M>): Promise<BranchResult<BranchOutput<M>>>;
  /** a write, then what it changed is put right in the cache (see WRITE_EFFECTS) */
  write<M extends WriteMethod>(method: M, input: BranchInput<M>): Promise<BranchResult<BranchOutput<M>>>;
  /** the cache as it stands, without a call: the answer on screen and the last read's error */
  peek<M extends ReadMethod>(method: M, input: BranchInput<M>): { data: BranchOutput<M> | undefined; error: ErrorBody | null };
  /** for the hooks of this module only (eslint keeps @tanstack/react-query out of the screens) */
  readonly queryClient: QueryClient;
}

/** The reading function of each BranchData, for useBranchQuery (kept off the public interface). */
const queryFns = new WeakMap<QueryClient, <M extends ReadMethod>(method: M, input: BranchInput<M>) => Promise<BranchOutput<M>>>();

export function branchKey<M extends ReadMethod>(method: M, input: BranchInput<M>): readonly [M, BranchInput<M>] {
  return [method, input];
}

export function createBranchData(client: BranchClient): BranchData {
  const queryClient = new QueryClient({
    defaultOptions: {
      // 'always': the backend is this machine (or the shop's LAN). The browser's idea of "online" says nothing
      // about it, and the default would hold every call back while the internet is down: the very time an
      // offline-first till must go on selling.
      queries: { networkMode: 'always', retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, gcTime: 0, staleTime: 0 },
      mutations: { networkMode: 'always', retry: false },
    },
  });

  const cache: CacheEdit = {
    set: (method, input, value) => queryClient.setQueryData(branchKey(method, input), value),
    updateEach: (method, update) => {
      for (const [key, value] of queryClient.getQueriesData({ queryKey: [method] })) {
        if (value === undefined) continue;
        const input = key[1] as BranchInput<typeof method>;
        queryClient.setQueryData(key, update(value as BranchOutput<typeof method>, input));
      }
    },
  };

  const call: BranchClient['call'] = async (method, input) => {
    const r = await client.call(method, input);
    if (!r.ok && sessionLost(method, r.error)) cache.set('session.current', {}, LOGGED_OUT);
    return r;
  };

  const fetchOrThrow = async <M extends ReadMethod>(method: M, input: BranchInput<M>): Promise<BranchOutput<M>> => {
    const r = await call(method, input);
    if (!r.ok) throw new ApiError(r.error);
    return r.value;
  };
  queryFns.set(queryClient, fetchOrThrow);

  return {
    queryClient,
    async read(method, input) {
      try {
        const value = await queryClient.fetchQuery({ queryKey: branchKey(method, input), queryFn: () => fetchOrThrow(method, input), staleTime: 0 });
        return { ok: true, value };
      } catch (e) {
        if (e instanceof ApiError) return { ok: false, error: e.body };
        throw e;
      }
    },
    async write(method, input) {
      const r = await call(method, input);
      // Widened to the plain effect type: one code path applies every method's effects.
      const effect = WRITE_EFFECTS[method] as WriteEffect<WriteMethod>;
      if (r.ok) effect.onOk?.(cache, r.value as never, input as never);
      else effect.onFail?.(cache, r.error);
      // Not awaited: the caller has its answer now (a receipt must not wait for the header's sync status).
      for (const m of effect.invalidates) void queryClient.invalidateQueries({ queryKey: [m] });
      return r;
    },
    peek(method, input) {
      const state = queryClient.getQueryState<BranchOutput<typeof method>>(branchKey(method, input));
      return { data: state?.data, error: state?.error?.body ?? null };
    },
  };
}

let defaultBranch: BranchData | null = null;
const BranchContext = createContext<BranchData | null>(null);

/** The app's BranchData (the transport api() picks), or the one a test passes. */
export function BranchProvider(props: { branch?: BranchData | undefined; children: ReactNode }) {
  const branch = props.branch ?? (defaultBranch ??= createBranchData(api()));
  return <BranchContext.Provider value={branch}>{props.children}</BranchContext.Provider>;
}

export function useBranch(): BranchData {
  const branch = useContext(BranchContext);
  if (branch === null) throw new Error('useBranch() outside <BranchProvider>');
  return branch;
}

export interface BranchQuery<M extends ReadMethod> {
  /** the answer; undefined until the first one came. After an input change the previous answer stays until the new one */
  data: BranchOutput<M> | undefined;
  /** the last call's failure, as the backend typed it; cleared by the next answer */
  error: ErrorBody | null;
  /** true only while the first answer is awaited (not during a refetch, and not after a failure) */
  loading: boolean;
  /** asks again (a refresh button, a retry) */
  refetch: () => Promise<void>;
}

/**
 * What a screen shows from one read: asked when the screen appears and again whenever the input changes, a write
 * changed it, or every `pollMs`. An answer that arrives after the screen moved on is not shown. After an input
 * change the previous answer stays on screen until the new one comes, unless `keepPrevious` is false.
 */
export function useBranchQuery<M extends ReadMethod>(
  method: M,
  input: BranchInput<M>,
  options: { enabled?: boolean; pollMs?: number; keepPrevious?: boolean } = {},
): BranchQuery<M> {
  const branch = useBranch();
  const fetchOrThrow = queryFns.get(branch.queryClient);
  if (fetchOrThrow === undefined) throw new Error('a BranchData not made by createBranchData');
  const q = useQuery(
    {
      queryKey: branchKey(method, input),
      queryFn: () => fetchOrThrow(method, input),
      staleTime: READ_STALE_MS[method] ?? 0,
      enabled: options.enabled ?? true,
      refetchInterval: options.pollMs ?? false,
      // The till's window may be in the background (a second screen, a minimised browser): keep polling anyway.
      refetchIntervalInBackground: true,
      placeholderData: (options.keepPrevious ?? true) ? keepPreviousData : undefined,
    },
    branch.queryClient,
  );
  return {
    data: q.data,
    error: q.error?.body ?? null,
    loading: q.isLoading,
    refetch: async () => {
      await q.refetch();
    },
  };
}

/**
 * The answer to a read already in the cache, without asking for it: for what the app reads at start-up and keeps
 * on screen (the till's info, through useStartup). Far cheaper than useBranchQuery, which costs a cache observer
 * per component: the money formatter of every cart line reads the till's currency on every scan.
 */
export function useBranchCached<M extends ReadMethod>(method: M, input: BranchInput<M>): BranchOutput<M> | undefined {
  const { queryClient } = useBranch();
  const hash = hashKey(branchKey(method, input));
  const subscribe = useCallback(
    (onChange: () => void) => queryClient.getQueryCache().subscribe((event) => event.query.queryHash === hash && onChange()),
    [queryClient, hash],
  );
  const read = () => queryClient.getQueryCache().get<BranchOutput<M>>(hash)?.state.data;
  return useSyncExternalStore(subscribe, read);
}

export interface BranchMutation<M extends WriteMethod> {
  run: (input: BranchInput<M>) => Promise<BranchResult<BranchOutput<M>>>;
  /** true while a run is under way */
  busy: boolean;
}

/** A write a screen makes (a button): `run` answers the BranchResult, `busy` is for the button. */
export function useBranchMutation<M extends WriteMethod>(method: M): BranchMutation<M> {
  const branch = useBranch();
  const m = useMutation({ mutationFn: (input: BranchInput<M>) => branch.write(method, input) }, branch.queryClient);
  return { run: m.mutateAsync, busy: m.isPending };
}
