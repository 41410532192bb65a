import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

/**
 * Plain SQL migrations, `NNNN_name.sql` applied in order, one transaction per file, each recorded in
 * schema_migrations. Every file's transaction first takes the same transaction-scoped advisory lock and then
 * re-checks whether its version is recorded, so two servers starting at once apply each file exactly once
 * (the second waits, then skips). The same runner serves tests, the admin CLI and production.
 */
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
const MIGRATION_LOCK = 'SELECT pg_advisory_xact_lock(7419, 1)';
const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const migrations = files.map((name) => {
    const m = FILE_NAME.exec(name);
    if (!m) throw new Error(`migration file ${name} is not named NNNN_name.sql`);
    return { version: Number(m[1]), name, sql: readFileSync(join(dir, name), 'utf8') };
  });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} breaks the sequence: expected version ${i + 1}`);
  });
  return migrations;
}

/** Applies what is missing; returns the names applied by this call. */
export async function migrate(db: Db, migrations = loadMigrations()): Promise<string[]> {
  await db.transaction(async (tx) => {
    await tx.query(MIGRATION_LOCK);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
  });
  const applied: string[] = [];
  for (const m of migrations) {
    const didApply = await db.transaction(async (tx) => {
      await tx.query(MIGRATION_LOCK);
      const seen = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (seen.rowCount > 0) return false;
      await runScript(tx, m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      return true;
    });
    if (didApply) applied.push(m.name);
  }
  return applied;
}

/**
 * Runs a multi-statement SQL file. The extended protocol (which both drivers use for parameterised queries)
 * takes one statement at a time, so the file is split on `;` at line ends outside of $$-quoted bodies.
 */
async function runScript(tx: { query(sql: string): Promise<unknown> }, sql: string): Promise<void> {
  for (const statement of splitStatements(sql)) await tx.query(statement);
}

export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inDollar = false;
  for (const line of sql.split('\n')) {
    const code = line.replace(/--.*$/, '');
    const dollarCount = (code.match(/\$\$/g) ?? []).length;
    if (dollarCount % 2 === 1) inDollar = !inDollar;
    current += line + '\n';
    if (!inDollar && /;\s*$/.test(code)) {
      if (current.trim() !== '') out.push(current.trim());
      current = '';
    }
  }
  if (current.trim() !== '') out.push(current.trim());
  return out.filter((s) => s.replace(/--.*$/gm, '').trim() !== '');
}
