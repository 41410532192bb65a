import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync } from 'node:fs';
import { DomainError } from '../../shared/domain/errors';

/**
 * The one door to the database. Two implementations run the same SQL: a real PostgreSQL behind a pg Pool, and
 * PGlite (PostgreSQL in WebAssembly) in a data directory for a machine with no database server. Repository
 * modules under sync-server/db/ take a `Queryable` and are the only place SQL is written.
 */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs fn in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const INT8_OID = 20;
// Quantities and money are bigint columns (a shelf may hold more than 2^31 milli-units) but always within
// 2^53, so they come back as exact JS numbers.
const parseInt8 = (v: string): number => Number(v);

/** Errors that mean "the database is not there right now": the client should retry later. */
const TRANSIENT_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '53300', '40001', '40P01']);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

export function isTransientDbError(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || TRANSIENT_NODE_CODES.has(code))) return true;
  const message = (e as { message?: unknown }).message;
  return typeof message === 'string' && /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message);
}

/**
 * Errors that mean "the database will never store this": a data exception (class 22: NUL in text, a broken
 * Unicode escape in jsonb, a value out of a column's range), a program limit (class 54, e.g. nesting beyond the
 * stack), or JavaScript running out of stack serializing the value. Retrying the same op gives the same error;
 * sync/storage-backstop.ts sets such an op aside. Nothing broader: an integrity violation (class 23: a foreign
 * key, a unique key, a CHECK) or any other RangeError is a bug of the server, and setting its op aside would hide
 * it; those stay loud (the range CHECKs are handled by name in sync/push.ts before this).
 */
const UNSTORABLE_CLASSES = new Set(['22', '54']);

export function isUnstorableError(e: unknown): boolean {
  if (e instanceof RangeError) return /call stack/i.test(e.message);
  if (typeof e !== 'object' || e === null || isTransientDbError(e)) return false;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && UNSTORABLE_CLASSES.has(code.slice(0, 2));
}

export function openPostgres(connectionString: string, opts: { max?: number } = {}): Db {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 5_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const run = async <R>(q: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> => {
    const r = await q.query(sql, params as unknown[] | undefined);
    return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
  };
  return {
    kind: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      // A checked-out client has no listener of the pool's: a backend terminated under a transaction emits
      // 'error' on the client, which would otherwise kill the process. The transaction's next query then fails
      // with a connection error (a 503 to the till), and the client is destroyed instead of going back to the pool.
      const onConnectionError = (): void => {
        broken = true;
      };
      client.on('error', onConnectionError);
      try {
        await client.query('BEGIN');
        const tx: Queryable = { query: (sql, params) => run(client, sql, params) };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw e;
      } finally {
        client.removeListener('error', onConnectionError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

export async function openPglite(dataDir: string | null): Promise<Db> {
  if (dataDir !== null) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir ?? undefined, { parsers: { [INT8_OID]: parseInt8 } });
  const wrap = async <R>(r: Promise<{ rows: unknown[]; affectedRows?: number }>): Promise<QueryResult<R>> => {
    const res = await r;
    // PGlite reports affectedRows 0 for a SELECT; pg's rowCount is the number of rows returned there.
    return { rows: res.rows as R[], rowCount: Math.max(res.affectedRows ?? 0, res.rows.length) };
  };
  return {
    kind: 'pglite',
    query: (sql, params) => wrap(lite.query(sql, params as unknown[] | undefined)),
    // PGlite is one connection: its transaction() holds a mutex, so concurrent requests queue instead of interleaving.
    transaction: (fn) => lite.transaction((tx) => fn({ query: (sql, params) => wrap(tx.query(sql, params as unknown[] | undefined)) })),
    close: () => lite.close(),
  };
}

export interface OpenDbOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  poolSize?: number;
}

/** DATABASE_URL wins; without it the embedded PGlite in dataDir (default .data/server). */
export async function openDb(opts: OpenDbOptions): Promise<Db> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, { max: opts.poolSize ?? 10 });
  return openPglite(opts.dataDir ?? '.data/server');
}

/** Turns a transient database failure into the 503 the till retries on; anything else passes through. */
export function asUnavailable(e: unknown): unknown {
  if (isTransientDbError(e)) return new DomainError('UNAVAILABLE', 'the database is unreachable; retry later');
  return e;
}
