import type { BranchResult } from '../shared/api/branch-api';
import { createDispatch } from './api';
import { SessionRegistry, type SyncAgent } from './services';
import { RemoteSales } from './services/remote-sales';
import { ReceiptPrinting, type ReceiptRenderer } from './services/printing';
import { openTillStore, type TillStore } from './store';

export type { SyncAgent, SyncAgentState } from './services';
export type { TillStore } from './store';

export interface TillBackendOptions {
  dbPath: string;
  syncAgent?: SyncAgent;
  now?: () => Date;
  /** folder of the SQL migrations, for bundled builds that copy them next to the bundle */
  migrationsDir?: string;
  /** check every API output against its schema (tests); off by default */
  validateOutputs?: boolean;
  logError?: (message: string, error: unknown) => void;
  /** draws receipts for the receipt printer: the desktop shell's Chromium; absent in web mode (the browser prints) */
  receiptRenderer?: ReceiptRenderer;
}

export interface TillBackend {
  /** `session` names the calling device's session (electron/services/session-registry.ts); the desktop's if absent */
  dispatch(method: string, input: unknown, session?: string): Promise<BranchResult<unknown>>;
  db: TillStore;
  close(): void;
}

/**
 * The till's backend in plain Node: the database (opened, checked, migrated) and the branch API over it.
 * Electron IPC and web mode both serve `dispatch`; nothing here knows which.
 */
export function createTillBackend(opts: TillBackendOptions): TillBackend {
  const store = openTillStore(opts.dbPath, opts.migrationsDir === undefined ? {} : { migrationsDir: opts.migrationsDir });
  const now = opts.now ?? (() => new Date());
  const sessions = new SessionRegistry(store, now);
  const dispatch = createDispatch(
    { store, sessions, now, syncAgent: opts.syncAgent, remoteSales: new RemoteSales(now), printing: new ReceiptPrinting(store, opts.receiptRenderer, now) },
    {
      validateOutputs: opts.validateOutputs ?? false,
      ...(opts.logError === undefined ? {} : { logError: opts.logError }),
    },
  );
  return { dispatch, db: store, close: () => store.close() };
}
