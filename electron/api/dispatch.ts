import { branchApi, isBranchMethod, type BranchMethod, type BranchResult } from '../../shared/api/branch-api';
import { DomainError, isDomainError } from '../../shared/domain/errors';
import { DESKTOP_SESSION } from '../services/session-registry';
import type { Ctx, DispatchCtx } from './context';
import { handlers as defaultHandlers, type Handlers } from './handlers';

export interface DispatchOptions {
  /** parse every output with its schema too: on in tests, where a drift from the contract must fail loudly */
  validateOutputs?: boolean;
  /** where unexpected errors go; the caller sees only a generic INTERNAL */
  logError?: (message: string, error: unknown) => void;
  handlers?: Handlers;
}

/** `session`: whose session the call runs in (one per device, see services/session-registry.ts); the desktop's if absent. */
export type Dispatch = (method: string, input: unknown, session?: string) => Promise<BranchResult<unknown>>;

/**
 * The single entry point of the branch API, shared by Electron IPC and web mode: finds the method, validates
 * the input with its schema, checks access, runs the handler, and turns every failure into a typed error body.
 */
export function createDispatch(base: DispatchCtx, options: DispatchOptions = {}): Dispatch {
  const table = options.handlers ?? defaultHandlers;
  const logError = options.logError ?? ((message, error) => console.error(message, error));

  return async (method, input, session = DESKTOP_SESSION) => {
    try {
      const ctx: Ctx = { ...base, sessions: base.sessions.forKey(session) };
      if (typeof method !== 'string' || !isBranchMethod(method)) {
        throw new DomainError('INVALID_INPUT', `unknown method ${String(method).slice(0, 80)}`, { method: String(method).slice(0, 80) });
      }
      const endpoint = branchApi[method];
      const parsed = endpoint.input.safeParse(input === undefined ? {} : input);
      if (!parsed.success) {
        throw new DomainError('INVALID_INPUT', `invalid input for ${method}`, {
          issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code, message: i.message })),
        });
      }
      checkAccess(ctx, endpoint.access);
      const handler = table[method] as (input: unknown, ctx: Ctx) => unknown;
      if (LEDGER_WRITES.has(method)) return { ok: true, value: runWrite(ctx, method, () => handler(parsed.data, ctx)) };
      const value = await handler(parsed.data, ctx);
      if (options.validateOutputs) assertOutput(method, value);
      return { ok: true, value };
    } catch (error) {
      if (isDomainError(error)) return { ok: false, error: error.toBody() };
      if ((error as { code?: unknown } | null)?.code === 'SQLITE_BUSY') {
        return { ok: false, error: { code: 'UNAVAILABLE', message: 'the till database is busy; try again' } };
      }
      logError(`branch API ${String(method).slice(0, 80)} failed`, error);
      return { ok: false, error: { code: 'INTERNAL', message: 'something went wrong in the till; the error was logged' } };
    }
  };
}

/**
 * Methods that change the till's database. Each runs in ONE transaction that also holds the check of its answer:
 * whatever fails, the store's own checks, a range trigger, or an answer that breaks its schema, rolls back
 * everything, so the till never commits a change and then reports "something went wrong" about it.
 */
const LEDGER_WRITES: ReadonlySet<BranchMethod> = new Set<BranchMethod>([
  'sale.complete',
  'stock.receive',
  'stock.waste',
  'stock.stocktake',
  'conflicts.update',
  'reservation.create',
  'reservation.fulfil',
  'reservation.release',
  'transfer.request',
  'transfer.step',
  'transfer.dispatch',
  'transfer.receive',
  'transfer.resolve',
  'exchange.postRate',
  'exchange.setSettings',
  'shift.open',
  'shift.cashMove',
  'shift.close',
  'return.complete',
  'till.setDiscountLimit',
  'catalog.setFavourites',
]);

function runWrite(ctx: Ctx, method: BranchMethod, run: () => unknown): unknown {
  return ctx.store.transaction(() => {
    const value = run();
    if (value instanceof Promise) throw new Error(`${method} must write synchronously, inside its transaction`);
    assertOutput(method, value);
    return value;
  });
}

function checkAccess(ctx: Ctx, access: 'public' | 'cashier' | 'manager'): void {
  if (access === 'public') return;
  const actor = ctx.sessions.actor();
  if (actor === null) throw new DomainError('UNAUTHENTICATED', 'log in first');
  if (access === 'manager' && actor.managerId === null) throw new DomainError('FORBIDDEN', 'this needs a manager PIN');
}

function assertOutput(method: BranchMethod, value: unknown): void {
  const result = branchApi[method].output.safeParse(value);
  if (!result.success) {
    throw new Error(`${method} returned an output that breaks its schema: ${JSON.stringify(result.error.issues).slice(0, 2000)}`);
  }
}
