import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { DomainError } from '../../shared/domain/errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * Where the .sql files live. Bundled builds (the Electron main bundle) copy them next to the bundle and pass
 * that folder in; from source they sit beside this module.
 */
export function defaultMigrationsDir(): string {
  // by path, not `new URL(...)`: a DOM test's global URL (jsdom) resolves a file: base as http://localhost
  return join(dirname(fileURLToPath(import.meta.url)), 'migrations');
}

export function loadMigrations(dir: string = defaultMigrationsDir()): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const m = FILE_NAME.exec(file);
      if (!m?.[1] || !m[2]) throw new Error(`migration file ${file} must be named NNNN_name.sql`);
      return { version: Number(m[1]), name: m[2], sql: readFileSync(join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1..n without gaps; found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}

/** Applies every migration newer than the file's user_version, each in its own transaction with its version bump. */
export function migrate(db: Database.Database, migrations: readonly Migration[]): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (from > latest) {
    throw new DomainError(
      'UNSUPPORTED_SCHEMA_VERSION',
      `this database was written by a newer version of the till (schema ${from}, this app knows ${latest}); update the app`,
      { databaseVersion: from, appVersion: latest },
    );
  }
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
  return { from, to: latest };
}
