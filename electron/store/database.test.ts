import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DomainError } from '../../shared/domain/errors';
import { demoChain } from '../test-support/temp-till';
import { loadMigrations, migrate, openTillStore, seedTillFromDemo } from '.';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'till-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function openError(path: string): DomainError {
  try {
    openTillStore(path).close();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`opening ${path} should have failed`);
}

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A seeded, cleanly closed till database with several pages of data. */
function seededFile(): string {
  const path = join(dir, 'till.db');
  const store = openTillStore(path);
  seedTillFromDemo(store, demoChain());
  store.close();
  return path;
}

describe('opening the till database', () => {
  it('runs the migrations once, durably configured', () => {
    const path = join(dir, 'till.db');
    const store = openTillStore(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    store.close();
    const again = openTillStore(path);
    expect(again.db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    again.close();
  });

  it('refuses a database from a newer app version', () => {
    const path = join(dir, 'till.db');
    openTillStore(path).close();
    const raw = new Database(path);
    raw.pragma('user_version = 999');
    raw.close();
    expect(openError(path).code).toBe('UNSUPPORTED_SCHEMA_VERSION');
  });

  it('keeps movements append-only and ops immutable', () => {
    const path = seededFile();
    const store = openTillStore(path);
    expect(() => store.db.prepare('UPDATE movements SET qty = qty + 1').run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM movements').run()).toThrow(/append-only/);
    store.db
      .prepare("INSERT INTO ops (seq, id, type, schema_version, user_id, occurred_at, payload) VALUES (1, 'x', 'sale', 1, 'u', 't', '{}')")
      .run();
    expect(() => store.db.prepare("UPDATE ops SET payload = '{\"x\":1}'").run()).toThrow(/immutable/);
    expect(() => store.db.prepare('DELETE FROM ops').run()).toThrow(/never deleted/);
    store.db.prepare("UPDATE ops SET state = 'acknowledged', result = '{}'").run(); // the sync state may change
    store.close();
  });

  it('refuses a file whose middle was overwritten, leaving the file untouched', () => {
    const path = seededFile();
    const size = readFileSync(path).length;
    expect(size).toBeGreaterThan(16 * 4096);
    const bytes = readFileSync(path);
    // Scribble over a few pages in the middle: b-tree pages the quick_check must walk.
    for (let i = Math.floor(size / 2); i < Math.floor(size / 2) + 3 * 4096; i++) bytes[i] = (i * 31) & 0xff;
    writeFileSync(path, bytes);
    const before = sha(path);
    const error = openError(path);
    expect(error.code).toBe('CORRUPT_DATABASE');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/Do not sell/);
    expect(sha(path)).toBe(before);
  });

  it('refuses a garbage file and a truncated one, leaving them untouched', () => {
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, Buffer.from('this is not a database, it is a shopping list: bread, milk, labneh\n'.repeat(200)));
    const before = sha(garbage);
    expect(openError(garbage).code).toBe('CORRUPT_DATABASE');
    expect(sha(garbage)).toBe(before);

    const source = seededFile();
    const truncated = join(dir, 'truncated.db');
    copyFileSync(source, truncated);
    writeFileSync(truncated, readFileSync(truncated).subarray(0, 3 * 4096 + 100));
    const truncatedHash = sha(truncated);
    expect(openError(truncated).code).toBe('CORRUPT_DATABASE');
    expect(sha(truncated)).toBe(truncatedHash);
  });

  it('treats an empty file as a new till', () => {
    const path = join(dir, 'empty.db');
    writeFileSync(path, '');
    const store = openTillStore(path);
    expect(store.configOrNull()).toBeNull();
    store.close();
  });

  it('migrates a file written at 0005: op-less movements get a cause, the rest stay the op\'s, append-only as before', () => {
    const path = join(dir, 'at-0005.db');
    const old = new Database(path);
    migrate(old, loadMigrations().slice(0, 5));
    expect(old.pragma('user_version', { simple: true })).toBe(5);
    const noUpdateTrigger = (d: Database.Database): unknown => d.prepare("SELECT sql FROM sqlite_master WHERE name = 'movements_no_update'").pluck().get();
    const triggerAt0005 = noUpdateTrigger(old);
    old.exec(`
      INSERT INTO locations (id, name, kind) VALUES ('shop', 'Shop', 'store');
      INSERT INTO products (id, sku, name, search_text, unit, price, currency, low_stock_threshold, reorder_point, reorder_qty, lead_time_days, active)
        VALUES ('p', 'SKU', 'Thing', 'thing sku', 'each', 100, 'USD', 0, 0, 0, 0, 1);
      INSERT INTO ops (seq, id, type, schema_version, user_id, occurred_at, payload) VALUES (1, 'op-1', 'sale', 1, 'u', 't', '{}');
      INSERT INTO movements (product_id, location_id, kind, qty, op_seq, occurred_at) VALUES
        ('p', 'shop', 'RECEIVE', 9000, NULL, 't'),  -- seeded opening stock
        ('p', 'shop', 'SALE', 1000, 1, 't'),        -- a sale's
        ('p', 'shop', 'ADJUST', -2000, NULL, 't'),  -- a rebase correction
        ('p', 'shop', 'RESERVE', 500, NULL, 't');   -- a rebase correction
      INSERT INTO levels (product_id, location_id, on_hand, reserved) VALUES ('p', 'shop', 6000, 500);
    `);
    old.close();

    const store = openTillStore(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(store.db.prepare('SELECT kind, qty, op_seq, cause_kind, cause_ref FROM movements ORDER BY id').raw().all()).toEqual([
      ['RECEIVE', 9000, null, 'opening_stock', 'before-0006'],
      ['SALE', 1000, 1, 'op', null],
      ['ADJUST', -2000, null, 'rebase_correction', 'before-0006'],
      ['RESERVE', 500, null, 'rebase_correction', 'before-0006'],
    ]);
    // The append-only trigger lifted for the backfill is back exactly as 0001 wrote it, and still refuses.
    expect(noUpdateTrigger(store.db)).toBe(triggerAt0005);
    expect(() => store.db.prepare("UPDATE movements SET cause_ref = 'rewritten'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM movements').run()).toThrow(/append-only/);
    // From now on a movement without a cause is refused.
    expect(() => store.db.prepare("INSERT INTO movements (product_id, location_id, kind, qty, occurred_at) VALUES ('p', 'shop', 'ADJUST', 1, 't')").run()).toThrow(
      /MOVEMENT_CAUSE/,
    );
    store.close();
  });
});
