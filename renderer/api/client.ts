import { z } from 'zod';
import {
  branchApi,
  type BranchBridge,
  type BranchInput,
  type BranchMethod,
  type BranchOutput,
  type BranchResult,
} from '../../shared/api/branch-api';
import { ERROR_CODES, type ErrorBody, type ErrorCode } from '../../shared/domain/errors';

/**
 * The renderer's only way to the till backend. In Electron the preload provides `window.till`; in a browser
 * (web mode) the same calls go as `POST /api/<method>`. Either way every input is checked against the method's
 * schema before it leaves and every answer is checked before the UI trusts it.
 */

const PAIRING_KEY = 'till.pairingToken';

const errorBodySchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
const resultEnvelope = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorBodySchema }),
]);

function failure(code: ErrorCode, message: string, details?: Record<string, unknown>): { ok: false; error: ErrorBody } {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}

export interface FetchBridgeOptions {
  fetch: typeof globalThis.fetch;
  /** where /api lives; '' for the page's own origin */
  baseUrl?: string;
  /** read at every call, so a token stored after start-up is used */
  pairingToken: () => string | null;
}

/** Web mode: the branch API over HTTP. Any network or protocol failure becomes an UNAVAILABLE result. */
export function createFetchBridge(opts: FetchBridgeOptions): BranchBridge {
  const base = opts.baseUrl ?? '';
  return {
    async call(method, input) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const token = opts.pairingToken();
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let response: Response;
      try {
        response = await opts.fetch(`${base}/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {}),
        });
      } catch (e) {
        return failure('UNAVAILABLE', 'the till service cannot be reached', { cause: e instanceof Error ? e.message : String(e) });
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return failure('UNAVAILABLE', `the till service answered ${response.status} without a result`, { status: response.status });
      }
      const parsed = resultEnvelope.safeParse(body);
      if (!parsed.success) {
        return failure('UNAVAILABLE', `the till service answered ${response.status} with something unexpected`, { status: response.status });
      }
      // The output schema check happens in the client, for both transports.
      return parsed.data as BranchResult<never>;
    },
  };
}

/**
 * A page opened as `...?pair=<token>` (a tablet paired with a till) keeps the token for this tab only and
 * removes it from the address bar, so it is not bookmarked, shared or left in the history.
 */
export function takePairingToken(win: Pick<Window, 'location' | 'history' | 'sessionStorage'>): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('pair');
  if (fromUrl !== null && fromUrl.length > 0) {
    win.sessionStorage.setItem(PAIRING_KEY, fromUrl);
    url.searchParams.delete('pair');
    win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return win.sessionStorage.getItem(PAIRING_KEY);
}

/** The typed transport. Screens do not use it directly: they go through app/branch-data.tsx (eslint says so). */
export interface BranchClient {
  /** the typed call: never throws, answers a BranchResult */
  call<M extends BranchMethod>(method: M, input: BranchInput<M>): Promise<BranchResult<BranchOutput<M>>>;
}

/** A failed BranchResult as a thrown error, for the query cache (app/branch-data.tsx), whose reads fail by throwing. */
export class ApiError extends Error {
  readonly body: ErrorBody;
  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.body = body;
  }
  get code(): ErrorCode {
    return this.body.code;
  }
}

export function createClient(bridge: BranchBridge): BranchClient {
  async function call<M extends BranchMethod>(method: M, input: BranchInput<M>): Promise<BranchResult<BranchOutput<M>>> {
    // Widened to the plain schema type: one generic code path validates every method.
    const endpoint: { input: z.ZodType; output: z.ZodType } = branchApi[method];
    const checkedInput = endpoint.input.safeParse(input);
    if (!checkedInput.success) {
      return failure('INVALID_INPUT', `invalid input for ${method}`, { issues: z.flattenError(checkedInput.error) });
    }
    let result: BranchResult<BranchOutput<M>>;
    try {
      result = await bridge.call(method, checkedInput.data as BranchInput<M>);
    } catch (e) {
      // Electron's IPC rejects when the main process is gone: the same "cannot reach the till" as a dead socket.
      return failure('UNAVAILABLE', 'the till service cannot be reached', { cause: e instanceof Error ? e.message : String(e) });
    }
    if (!result.ok) return result;
    const checkedOutput = endpoint.output.safeParse(result.value);
    if (!checkedOutput.success) {
      return failure('INTERNAL', `the till service answered ${method} with data the screen cannot use`, {
        issues: z.flattenError(checkedOutput.error),
      });
    }
    return { ok: true, value: checkedOutput.data as BranchOutput<M> };
  }
  return { call };
}

/** Electron's preload when present, else HTTP to the page's own origin. */
export function pickBridge(win: Window): BranchBridge {
  if (win.till !== undefined) return win.till;
  const token = takePairingToken(win);
  return createFetchBridge({ fetch: win.fetch.bind(win), pairingToken: () => token });
}

let defaultClient: BranchClient | null = null;

/** The client the app uses, chosen once at start-up (tests pass their own BranchData to BranchProvider instead). */
export function api(): BranchClient {
  defaultClient ??= createClient(pickBridge(window));
  return defaultClient;
}
