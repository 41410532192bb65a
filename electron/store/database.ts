import Database from 'better-sqlite3';
import type { Currency } from '../../shared/domain/money';
import { DomainError } from '../../shared/domain/errors';
import { assertSqliteHeader, corruptDatabase, isCorruptionError } from './integrity';
import { loadMigrations, migrate } from './migrations';
import { asRangeError } from './ranges';

export interface OpenOptions {
  /** folder of NNNN_name.sql files; defaults to the one beside this module */
  migrationsDir?: string;
  /** how long a writer waits for another connection's lock before SQLITE_BUSY */
  busyTimeoutMs?: number;
}

export interface TillConfig {
  tillId: string;
  tillName: string;
  receiptPrefix: string;
  storeId: string;
  storeName: string;
  tenantId: string | null;
  currency: Currency;
  locale: string;
  serverUrl: string | null;
  serverToken: string | null;
}

interface ConfigRow {
  till_id: string;
  till_name: string;
  receipt_prefix: string;
  store_id: string;
  store_name: string;
  tenant_id: string | null;
  currency: Currency;
  locale: string;
  server_url: string | null;
  server_token: string | null;
}

/**
 * One open till database: the connection, its prepared statements (compiled once per connection and reused,
 * because a sale runs a dozen statements and compiling them would cost more than writing), and the till's
 * identity once it has one.
 */
export class TillStore {
  readonly db: Database.Database;
  readonly path: string;
  private readonly statements = new Map<string, Database.Statement>();
  private cachedConfig: TillConfig | null = null;
  /**
   * SQLite's data_version when the config was cached. It changes whenever another connection commits to the file
   * (the sync agent's connection applying a pull: new till and store names, a new currency), so a cached identity
   * is only trusted while nobody else wrote. Writes on this connection invalidate explicitly (invalidateConfig).
   */
  private cachedAtDataVersion = -1;
  /**
   * Which transaction of this connection last checked data_version (0: none open). Inside one transaction no other
   * connection can change what it sees (a write transaction holds the lock, a read one its snapshot), so one check
   * per transaction is enough: a sale asks for the config twice and needs only the first check.
   */
  private transactionNo = 0;
  private checkedInTransaction = -1;
  /**
   * Small settings every sale reads (the exchange settings and the rate in force, the tax settings, the legal
   * identity: electron/store/exchange-repo.ts, tax-repo.ts), kept while data_version says no other connection
   * wrote. A repository that writes one of them on this connection forgets it (forget()); a rolled-back
   * transaction forgets them all, since it may have read what it then undid.
   */
  private readonly memos = new Map<string, unknown>();
  private memosAtDataVersion = -1;
  /** One transaction wrapper for the connection: better-sqlite3 builds a wrapper per transaction() call. */
  private readonly runInTransaction: Database.Transaction<(fn: () => unknown) => unknown>;

  constructor(db: Database.Database, path: string) {
    this.db = db;
    this.path = path;
    this.runInTransaction = db.transaction((fn: () => unknown) => fn());
  }

  /** The prepared statement for this SQL text, compiled on first use. */
  stmt<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as Database.Statement<P, R>;
  }

  /** Runs fn in one write transaction (BEGIN IMMEDIATE: take the write lock first, never upgrade mid-way). */
  transaction<T>(fn: () => T): T {
    // Called inside an open transaction (a service's, inside the dispatcher's that also checks its answer), fn
    // joins it rather than opening a SAVEPOINT. Nothing here catches an inner failure and goes on, so a throw at
    // any depth rolls back the outermost transaction whole; keep it so (a caught inner throw would keep half).
    if (this.db.inTransaction) return fn();
    this.transactionNo++;
    try {
      return this.runInTransaction.immediate(fn) as T;
    } catch (error) {
      this.memos.clear();
      // Rolled back by now; a value beyond its range (migration 0004) leaves as OUT_OF_RANGE, not as a crash.
      throw asRangeError(error);
    }
  }

  /**
   * Runs fn in one read transaction (BEGIN DEFERRED): all its reads see one snapshot of the file (WAL), and it
   * takes no write lock, so it neither waits for nor holds up a writer such as the sync agent applying a pull.
   */
  readTransaction<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    this.transactionNo++;
    return this.runInTransaction.deferred(fn) as T;
  }

  /**
   * SQLite's data_version, read at most once per transaction (see checkedInTransaction): within one, no other
   * connection can change what this one sees. A change forgets the memos.
   */
  private currentDataVersion(): number {
    const inTransaction = this.db.inTransaction;
    if (inTransaction && this.checkedInTransaction === this.transactionNo) return this.memosAtDataVersion;
    this.checkedInTransaction = inTransaction ? this.transactionNo : -1;
    const dataVersion = this.stmt<[], { data_version: number }>('PRAGMA data_version').get()?.data_version ?? -1;
    if (dataVersion !== this.memosAtDataVersion) {
      this.memos.clear();
      this.memosAtDataVersion = dataVersion;
    }
    return dataVersion;
  }

  /** The value `load` reads, kept until another connection writes the file or forget(key) (see `memos`). */
  memo<T>(key: string, load: () => T): T {
    this.currentDataVersion();
    if (this.memos.has(key)) return this.memos.get(key) as T;
    const value = load();
    this.memos.set(key, value);
    return value;
  }

  /** A repository wrote what `key` holds on this connection (data_version does not change for its own writes). */
  forget(keyPrefix: string): void {
    for (const key of [...this.memos.keys()]) if (key.startsWith(keyPrefix)) this.memos.delete(key);
  }

  /** The till's identity, or null before it is seeded or enrolled. */
  configOrNull(): TillConfig | null {
    const dataVersion = this.currentDataVersion();
    if (this.cachedConfig !== null && dataVersion === this.cachedAtDataVersion) return this.cachedConfig;
    this.cachedConfig = null;
    const row = this.stmt<[], ConfigRow>('SELECT * FROM till_config WHERE singleton = 1').get();
    if (row === undefined) return null;
    this.cachedConfig = {
      tillId: row.till_id,
      tillName: row.till_name,
      receiptPrefix: row.receipt_prefix,
      storeId: row.store_id,
      storeName: row.store_name,
      tenantId: row.tenant_id,
      currency: row.currency,
      locale: row.locale,
      serverUrl: row.server_url,
      serverToken: row.server_token,
    };
    this.cachedAtDataVersion = dataVersion;
    return this.cachedConfig;
  }

  config(): TillConfig {
    const config = this.configOrNull();
    if (config === null) throw new DomainError('UNAVAILABLE', 'this till is not set up yet: enrol it with a store first', { reason: 'not_enrolled' });
    return config;
  }

  /** Forget the cached identity after till_config changed (enrolment, sync settings). */
  invalidateConfig(): void {
    this.cachedConfig = null;
    this.memos.clear();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Opens (creating if needed) the till database: durable settings first, then the integrity check, then the
 * migrations. A damaged file is refused with CORRUPT_DATABASE rather than sold on.
 */
export function openTillStore(path: string, options: OpenOptions = {}): TillStore {
  assertSqliteHeader(path);
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    if (isCorruptionError(error)) throw corruptDatabase(path, error.message);
    throw error;
  }
  try {
    checkIntegrity(db, path);
    // Shops lose power daily: FULL syncs the WAL on every commit, so a sale the cashier saw complete survives.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // A write runs in the dispatcher's transaction, so its statements keep statement journals (to undo one statement
    // that aborts, e.g. on a range trigger, without the rest), which SQLite otherwise writes to temporary files:
    // about 0.35 ms more per sale on this disk when it was measured (services then nested SAVEPOINTs). A journal only
    // serves a rollback inside the open transaction; durability is the WAL's, so memory is safe.
    db.pragma('temp_store = MEMORY');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    migrate(db, loadMigrations(options.migrationsDir));
  } catch (error) {
    db.close();
    if (isCorruptionError(error)) throw corruptDatabase(path, error.message);
    throw error;
  }
  return new TillStore(db, path);
}

function checkIntegrity(db: Database.Database, path: string): void {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
  const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
  if (problems.length > 0) throw corruptDatabase(path, problems.slice(0, 3).join('; '));
}
