import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, openTillStore } from '.';

/**
 * Migration 0012: the `found` resolution is allowed where 0009 listed the resolution kinds, and a till that
 * already holds transfers keeps every row of them, their references and the rule that a step is never deleted.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'till-0012-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const dump = (db: Database.Database, table: string): unknown[] => db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).raw().all();

describe('migration 0012', () => {
  it('lets a resolution be `found` and keeps what a till at 0011 held of its transfers', () => {
    const path = join(dir, 'at-0011.db');
    const old = new Database(path);
    old.pragma('foreign_keys = ON');
    migrate(old, loadMigrations().slice(0, 11));
    old.exec(`
      INSERT INTO locations (id, name, kind) VALUES ('shop', 'Shop', 'store'), ('wh', 'Warehouse', 'warehouse');
      INSERT INTO products (id, sku, name, search_text, unit, price, currency, low_stock_threshold, reorder_point, reorder_qty, lead_time_days, active)
        VALUES ('p', 'SKU', 'Thing', 'thing sku', 'each', 100, 'USD', 0, 0, 0, 0, 1);
      INSERT INTO users (id, name, role, pin_hash) VALUES ('u', 'Karim', 'manager', 'x');
      INSERT INTO ops (seq, id, type, schema_version, user_id, occurred_at, payload) VALUES
        (1, 'op-1', 'transfer_receive', 1, 'u', 't', '{}'), (2, 'op-2', 'transfer_resolve', 1, 'u', 't', '{}');
      INSERT INTO transfers (id, source_id, destination_id, server_status, created_by_name, created_at) VALUES ('t1', 'wh', 'shop', 'discrepancy', 'Karim', 't');
      INSERT INTO transfer_resolutions (transfer_id, n, kind, product_id, qty, reason, by_name, at) VALUES ('t1', 1, 'write_off', 'p', 1000, 'lost', 'Karim', 't');
      INSERT INTO transfer_events (id, transfer_id, kind, op_seq, user_id, occurred_at, note, resolution, request_fingerprint, folded) VALUES
        ('e1', 't1', 'receive', 1, 'u', 't', NULL, NULL, 'f1', 1), ('e2', 't1', 'resolve', 2, 'u', 't', 'lost', 'write_off', 'f2', 0);
      INSERT INTO transfer_event_lines (event_id, product_id, qty, damaged, over_reason, note) VALUES ('e1', 'p', 2000, 500, 'extra', 'box 2'), ('e2', 'p', 1000, 0, NULL, NULL);
    `);
    // 0009's CHECKs refuse the kind this migration adds.
    expect(() => old.prepare("UPDATE transfer_resolutions SET kind = 'found'").run()).toThrow(/CHECK/);
    const before = Object.fromEntries(['transfer_resolutions', 'transfer_events', 'transfer_event_lines'].map((t) => [t, dump(old, t)]));
    old.close();

    const store = openTillStore(path);
    const db = store.db;
    expect(db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    for (const [table, rows] of Object.entries(before)) expect(dump(db, table), table).toEqual(rows);
    expect(db.pragma('foreign_key_check')).toEqual([]);

    db.prepare("INSERT INTO ops (seq, id, type, schema_version, user_id, occurred_at, payload) VALUES (3, 'op-3', 'transfer_resolve', 1, 'u', 't', '{}')").run();
    db.prepare("INSERT INTO transfer_events (id, transfer_id, kind, op_seq, user_id, occurred_at, note, resolution, request_fingerprint) VALUES ('e3', 't1', 'resolve', 3, 'u', 't', 'turned up', 'found', 'f3')").run();
    db.prepare("INSERT INTO transfer_resolutions (transfer_id, n, kind, product_id, qty, reason, by_name, at) VALUES ('t1', 2, 'found', 'p', 1000, 'turned up', 'Karim', 't')").run();
    // Still refused: an unknown kind, a line of no step, and deleting a step.
    expect(() => db.prepare("INSERT INTO transfer_resolutions (transfer_id, n, kind, product_id, qty, reason, by_name, at) VALUES ('t1', 3, 'lost', 'p', 1, 'r', 'K', 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO transfer_event_lines (event_id, product_id, qty) VALUES ('no-such-step', 'p', 1)").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("DELETE FROM transfer_events WHERE id = 'e1'").run()).toThrow(/never deleted/);
    // The index the till's reads use is there again.
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'transfer_events' AND name = 'transfer_events_by_transfer'").pluck().get()).toBe(
      'transfer_events_by_transfer',
    );
    store.close();
  });
});
