import { v7 as uuidv7 } from 'uuid';
import { DomainError } from '../../shared/domain/errors';
import type { SyncAttention } from '../../shared/api/branch-api';
import { countPendingOps, openTillStore, type TillStore } from '../store';
import type { SyncAgent, SyncAgentState } from '../services';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffConfig } from './backoff';
import { pushConflictActions } from './conflict-push';
import { SyncError, type SyncErrorKind } from './errors';
import { attentionOf } from './attention';
import { SyncHttp, type FetchLike } from './http';
import { SALE_LOOKUP_PATH, saleForReturnSchema, type SaleForReturn } from '../../shared/sync/sale-lookup';
import { SyncLease } from './lease';
import { pullChanges, type PullProgress } from './pull';
import { pushPendingOps, type PushProgress } from './push';
import { readLastSyncAt, recentRejections, writeLastSyncAt } from '../store/sync-state-repo';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // The loop must never keep a closing app (or a finished test) alive on its own.
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * A push request may take up to the request timeout and a pull three times that; the lease is renewed before
 * each, so it must outlast the longest one, or another window could take over while an answer is on its way.
 */
const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;
const DEFAULT_LEASE_TTL_MS = 120_000;

export interface SyncAgentOptions {
  /** an open till store to share; otherwise `dbPath` is opened on a connection of the agent's own */
  store?: TillStore;
  dbPath?: string;
  /** with dbPath: the SQL migrations folder of a bundled build (electron/store openTillStore) */
  migrationsDir?: string;
  fetch?: FetchLike;
  now?: () => Date;
  /** for the backoff jitter */
  random?: () => number;
  timers?: Timers;
  /** pause between cycles while the server answers */
  intervalMs?: number;
  backoff?: BackoffConfig;
  leaseTtlMs?: number;
  requestTimeoutMs?: number;
  /** who holds the lease; a fresh id per agent by default */
  ownerId?: string;
  maxOpsPerPush?: number;
  maxPushBytes?: number;
  /** bytes of JSON per pull page to ask the server for (its default otherwise) */
  pullPageBytes?: number;
  /** rejected ops this recent are reported in lastError */
  rejectionWindowMs?: number;
}

export type CycleOutcome = 'synced' | 'busy' | 'not_configured' | 'failed';

export interface CycleReport {
  outcome: CycleOutcome;
  pushed: number;
  pushRequests: number;
  pulled: boolean;
  error: { kind: SyncErrorKind; message: string } | null;
}

export interface SyncAgentDetails extends SyncAgentState {
  queued: number;
  /** ops the server rejected within the rejection window */
  rejected: number;
  failureKind: SyncErrorKind | null;
  consecutiveFailures: number;
  running: boolean;
}

/**
 * The till's sync client. One cycle: send the manager's conflict changes, push every pending op, pull and
 * rebase, all under the database's sync lease, so two windows (or an old process that has not died yet) never
 * push the same ops at once; inside one process, cycles are single-flight. `start()` repeats cycles every
 * `intervalMs` while the server answers and backs off (full jitter) while it does not.
 */
export class TillSyncAgent implements SyncAgent {
  readonly store: TillStore;
  private readonly ownsStore: boolean;
  private readonly options: SyncAgentOptions;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly timers: Timers;
  private readonly lease: SyncLease;

  private online = false;
  private lastSyncAt: string | null;
  private lastError: string | null = null;
  private failureKind: SyncErrorKind | null = null;
  private consecutiveFailures = 0;
  private progress: PushProgress | null = null;
  private pullProgress: PullProgress | null = null;
  /** set while syncing needs a person (./attention.ts); cleared by the next cycle that gets through */
  private attention: SyncAttention | null = null;
  private consecutiveServerErrors = 0;

  private running: Promise<CycleReport> | null = null;
  private follower: Promise<CycleReport> | null = null;
  private loopTimer: unknown = null;
  private looping = false;

  constructor(options: SyncAgentOptions) {
    if (options.store === undefined && options.dbPath === undefined) throw new DomainError('INVALID_INPUT', 'a sync agent needs a store or a dbPath');
    const ttl = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    if (ttl < 3 * (options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS)) {
      throw new DomainError('INVALID_INPUT', 'the sync lease must outlast the longest request (three request timeouts)', { leaseTtlMs: ttl });
    }
    this.options = options;
    this.ownsStore = options.store === undefined;
    this.store =
      options.store ?? openTillStore(options.dbPath as string, options.migrationsDir === undefined ? {} : { migrationsDir: options.migrationsDir });
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.timers = options.timers ?? REAL_TIMERS;
    this.lease = new SyncLease(this.store, options.ownerId ?? uuidv7(), ttl, () => this.now().getTime());
    this.lastSyncAt = readLastSyncAt(this.store);
  }

  get ownerId(): string {
    return this.lease.ownerId;
  }

  status(): SyncAgentState {
    return {
      online: this.online,
      lastSyncAt: this.lastSyncAt,
      lastError: this.lastError,
      progress: this.progress,
      pullProgress: this.pullProgress,
      attention: this.attention,
    };
  }

  details(): SyncAgentDetails {
    return {
      ...this.status(),
      queued: countPendingOps(this.store),
      rejected: this.rejections().count,
      failureKind: this.failureKind,
      consecutiveFailures: this.consecutiveFailures,
      running: this.running !== null,
    };
  }

  async syncNow(): Promise<void> {
    await this.requestCycle();
  }

  async lookupSale(saleId: string, timeoutMs?: number): Promise<SaleForReturn> {
    const config = this.store.configOrNull();
    if (config === null || config.serverUrl === null || config.serverToken === null) {
      throw new DomainError('UNAVAILABLE', 'this till is not connected to a sync server: only its own sales can be returned here');
    }
    const http = new SyncHttp({
      serverUrl: config.serverUrl,
      token: config.serverToken,
      ...(this.options.fetch === undefined ? {} : { fetch: this.options.fetch }),
      timeoutMs: timeoutMs ?? this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    });
    let answer;
    try {
      answer = await http.get(SALE_LOOKUP_PATH(saleId));
    } catch (e) {
      if (!(e instanceof SyncError)) throw e;
      throw new DomainError('UNAVAILABLE', `the server cannot be asked for another till's sale now (${e.message}); try again once the till is online`);
    }
    if (answer.status === 404 || answer.error?.code === 'NOT_FOUND') {
      throw new DomainError('NOT_FOUND', answer.error?.message ?? 'no sale of this chain has that receipt', { saleId });
    }
    const parsed = saleForReturnSchema.safeParse(answer.json);
    if (answer.status !== 200 || !parsed.success) {
      throw new DomainError('UNAVAILABLE', `the server could not answer for that sale (${answer.error?.message ?? `HTTP ${answer.status}`})`);
    }
    return parsed.data;
  }

  /**
   * Runs a cycle now, or, when one is already running, one more right after it (a sale made a moment ago may
   * have missed the running push). Never rejects: the report and status say what happened.
   */
  requestCycle(): Promise<CycleReport> {
    if (this.running === null) return this.launch();
    if (this.follower === null) {
      this.follower = this.running.then(() => {
        this.follower = null;
        return this.launch();
      });
    }
    return this.follower;
  }

  start(): void {
    if (this.looping) return;
    this.looping = true;
    this.schedule(0);
  }

  /** Stops the loop and waits for a running cycle to end (it releases the lease). */
  async stop(): Promise<void> {
    this.looping = false;
    if (this.loopTimer !== null) this.timers.clearTimeout(this.loopTimer);
    this.loopTimer = null;
    await (this.follower ?? this.running);
  }

  async close(): Promise<void> {
    await this.stop();
    if (this.ownsStore) this.store.close();
  }

  /** How long the loop waits before the next cycle, given how the last one went. */
  nextDelayMs(): number {
    const interval = this.options.intervalMs ?? 5_000;
    if (this.failureKind === null || this.failureKind === 'lease_lost') return interval;
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    // A wrong token or a history mismatch needs a person: retry rarely, at the backoff ceiling.
    if (this.failureKind === 'auth' || this.failureKind === 'fatal') return backoff.capMs;
    return Math.max(backoffDelay(this.consecutiveFailures - 1, backoff, this.random), 1);
  }

  private schedule(ms: number): void {
    if (!this.looping) return;
    this.loopTimer = this.timers.setTimeout(() => {
      this.loopTimer = null;
      void this.requestCycle().then(() => this.schedule(this.nextDelayMs()));
    }, ms);
  }

  private launch(): Promise<CycleReport> {
    const cycle = this.cycle().finally(() => {
      if (this.running === cycle) this.running = null;
    });
    this.running = cycle;
    return cycle;
  }

  /** One round; never rejects, so neither a caller nor the background loop can be broken by a failure. */
  private async cycle(): Promise<CycleReport> {
    try {
      return await this.guardedCycle();
    } catch (error) {
      const failure = asSyncError(error);
      this.failed(failure);
      return { outcome: 'failed', pushed: 0, pushRequests: 0, pulled: false, error: { kind: failure.kind, message: failure.message } };
    }
  }

  private async guardedCycle(): Promise<CycleReport> {
    const report: CycleReport = { outcome: 'failed', pushed: 0, pushRequests: 0, pulled: false, error: null };
    const config = this.store.configOrNull();
    if (config === null || config.serverUrl === null || config.serverToken === null) {
      this.online = false;
      this.lastError = config === null ? 'this till is not set up yet' : 'this till is not connected to a sync server yet';
      return { ...report, outcome: 'not_configured' };
    }
    if (!this.lease.tryAcquire()) return { ...report, outcome: 'busy' };
    const renew = (): boolean => this.lease.renew();
    const requestTimeoutMs = this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    try {
      const http = new SyncHttp({
        serverUrl: config.serverUrl,
        token: config.serverToken,
        ...(this.options.fetch === undefined ? {} : { fetch: this.options.fetch }),
        timeoutMs: requestTimeoutMs,
      });
      const conflicts = await pushConflictActions(this.store, http, renew);
      const push = await pushPendingOps(this.store, http, {
        ...(this.options.maxOpsPerPush === undefined ? {} : { maxOps: this.options.maxOpsPerPush }),
        ...(this.options.maxPushBytes === undefined ? {} : { maxBytes: this.options.maxPushBytes }),
        now: this.now,
        renewLease: renew,
        onProgress: (p) => {
          this.progress = p;
        },
      });
      report.pushed = push.acknowledged;
      report.pushRequests = push.requests;
      // Pull right after our own push, so the results and reversals of what we just sent arrive at once.
      if (!renew()) throw new SyncError('lease_lost', 'another window of this till took over syncing');
      await pullChanges(this.store, http, {
        now: this.now,
        timeoutMs: 3 * requestTimeoutMs,
        renewLease: renew,
        ...(this.options.pullPageBytes === undefined ? {} : { maxBytes: this.options.pullPageBytes }),
        onProgress: (p) => {
          this.pullProgress = p;
        },
      });
      report.pulled = true;
      this.succeeded(conflicts.errors);
      return { ...report, outcome: 'synced' };
    } catch (error) {
      const failure = asSyncError(error);
      this.failed(failure);
      return { ...report, error: { kind: failure.kind, message: failure.message } };
    } finally {
      this.progress = null;
      this.pullProgress = null;
      try {
        this.lease.release();
      } catch {
        // The database is busy or closing: the lease runs out on its own.
      }
    }
  }

  private succeeded(conflictErrors: readonly string[]): void {
    const at = this.now().toISOString();
    writeLastSyncAt(this.store, at);
    this.lastSyncAt = at;
    this.online = true;
    this.failureKind = null;
    this.consecutiveFailures = 0;
    this.consecutiveServerErrors = 0;
    this.attention = null;
    const rejections = this.rejections();
    const messages = [...conflictErrors];
    if (rejections.latest !== null) {
      const { seq, type, reason } = rejections.latest;
      messages.push(
        `${rejections.count} operation${rejections.count === 1 ? ' was' : 's were'} rejected by the server recently (latest: ${type} #${seq}: ${reason})`,
      );
    }
    this.lastError = messages.length === 0 ? null : messages.join('; ');
  }

  private failed(error: SyncError): void {
    if (error.kind === 'lease_lost') {
      // Not a failure of the connection: another window carries on with the same work.
      this.failureKind = 'lease_lost';
      return;
    }
    // Online means "sales reach head office": not when the server is unreachable or refuses this till's token.
    this.online = error.kind === 'fatal';
    this.failureKind = error.kind;
    this.consecutiveFailures += 1;
    this.lastError = error.message;
    this.consecutiveServerErrors = error.kind === 'transient' && error.status !== null && error.status >= 500 ? this.consecutiveServerErrors + 1 : 0;
    const reason = attentionOf(error, this.consecutiveServerErrors);
    // `since` is when this reason first showed, so the screen can say how long the till has been stuck.
    const since = this.attention?.reason === reason ? this.attention.since : this.now().toISOString();
    this.attention = reason === null ? null : { reason, detail: error.message, since };
  }

  private rejections(): ReturnType<typeof recentRejections> {
    const windowMs = this.options.rejectionWindowMs ?? 24 * 60 * 60 * 1000;
    return recentRejections(this.store, new Date(this.now().getTime() - windowMs).toISOString());
  }
}

function asSyncError(error: unknown): SyncError {
  if (error instanceof SyncError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  // Another connection held the till database longer than the busy timeout: try again later.
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return new SyncError('transient', 'the till database was busy; syncing again shortly');
  return new SyncError('fatal', `sync failed: ${error instanceof Error ? error.message : String(error)}`);
}

/** The one line the backend needs: `createTillBackend({ dbPath, syncAgent: createSyncAgent({ dbPath }) })`. */
export function createSyncAgent(options: SyncAgentOptions): TillSyncAgent {
  return new TillSyncAgent(options);
}
