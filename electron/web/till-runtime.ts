import { createTillBackend } from '../backend';
import type { TillBackend } from '../backend';
import { configureSyncServer, createSyncAgent } from '../sync';
import type { TillSyncAgent } from '../sync';
import { ReservationExpiry } from '../services/reservation-expiry';
import type { ReceiptRenderer } from '../services/printing';

/**
 * A running till: its backend, the expiry of its own reservations and, when it knows a sync server, the sync loop.
 * Shared by the desktop shell, web mode and `npm start`, so every way of running a till syncs the same way.
 */
export interface TillRuntime {
  backend: TillBackend;
  agent: TillSyncAgent | null;
  close(): Promise<void>;
}

export interface TillRuntimeOptions {
  dbPath: string;
  /** points the till at this server (kept in its database, so later starts need not repeat it) */
  sync?: { serverUrl: string; token: string };
  /** pause between sync cycles while the server answers */
  syncIntervalMs?: number;
  /** draws receipts for the receipt printer (the desktop shell's Chromium); web mode has none */
  receiptRenderer?: ReceiptRenderer;
}

export function openTillRuntime(opts: TillRuntimeOptions): TillRuntime {
  // The agent keeps its own connection to the file: its pushes and pulls never wait behind a sale's statement.
  const agent = createSyncAgent({
    dbPath: opts.dbPath,
    ...(opts.syncIntervalMs === undefined ? {} : { intervalMs: opts.syncIntervalMs }),
  });
  let backend: TillBackend;
  try {
    const config = agent.store.configOrNull();
    if (opts.sync !== undefined && (config?.serverUrl !== opts.sync.serverUrl || config.serverToken !== opts.sync.token)) {
      configureSyncServer(agent.store, opts.sync);
    }
    backend = createTillBackend({ dbPath: opts.dbPath, syncAgent: agent, ...(opts.receiptRenderer === undefined ? {} : { receiptRenderer: opts.receiptRenderer }) });
  } catch (err) {
    void agent.close();
    throw err;
  }
  const serverUrl = agent.store.configOrNull()?.serverUrl;
  const syncing = serverUrl !== undefined && serverUrl !== null;
  if (syncing) agent.start();
  // The till's own reservations lapse on its clock, online or not (services/reservation-expiry.ts).
  const expiry = new ReservationExpiry(backend.db);
  expiry.start();

  let closed: Promise<void> | null = null;
  return {
    backend,
    agent: syncing ? agent : null,
    close: () => {
      closed ??= (async () => {
        expiry.stop();
        await agent.close();
        backend.close();
      })();
      return closed;
    },
  };
}
