import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { ledgerViolations } from '../test-support/ledger-invariants';
import { demoChain } from '../test-support/temp-till';
import { defaultMigrationsDir, openTillStore, seedTillFromDemo } from '.';

/**
 * A till process completing sales in a loop is SIGKILLed at random moments. After each kill the database must
 * open (integrity check included), hold no half-written sale, keep every invariant, and still have every sale
 * the child reported as completed.
 */
const KILLS = 22;
const CHILD = fileURLToPath(new URL('../test-support/crash-child.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'till-crash-'));
const dbPath = join(dir, 'till.db');
// Bundled once so each of the many child starts costs milliseconds instead of a TypeScript compile. It lives
// under node_modules/.cache so the native better-sqlite3 module still resolves from the project.
const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
mkdirSync(cacheDir, { recursive: true });
const bundleDir = mkdtempSync(join(cacheDir, 'till-crash-'));
const bundle = join(bundleDir, 'crash-child.mjs');
beforeAll(async () => {
  await build({ entryPoints: [CHILD], bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['better-sqlite3'], outfile: bundle, logLevel: 'silent' });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(bundleDir, { recursive: true, force: true });
});

interface Run {
  committed: string[];
  exit: { code: number | null; signal: NodeJS.Signals | null };
  stderr: string;
}

function runAndKill(delayMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, dbPath, defaultMigrationsDir()], { stdio: ['ignore', 'pipe', 'pipe'] });
    const committed: string[] = [];
    let stdout = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      let newline: number;
      while ((newline = stdout.indexOf('\n')) >= 0) {
        const line = stdout.slice(0, newline);
        stdout = stdout.slice(newline + 1);
        if (line === 'ready' && killTimer === undefined) killTimer = setTimeout(() => child.kill('SIGKILL'), delayMs);
        if (line.startsWith('committed ')) committed.push(line.slice('committed '.length));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      if (killTimer !== undefined) clearTimeout(killTimer);
      resolve({ committed, exit: { code, signal }, stderr });
    });
  });
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs mid-sale with nothing half written and nothing completed lost`, async () => {
    const seed = openTillStore(dbPath);
    seedTillFromDemo(seed, demoChain());
    seed.close();

    const allCommitted: string[] = [];
    let killedWithSalesInFlight = 0;
    for (let i = 0; i < KILLS; i++) {
      const run = await runAndKill(5 + Math.floor(Math.random() * 120));
      expect(run.exit.signal, `child should die by SIGKILL, not: ${run.stderr.slice(0, 2000)}`).toBe('SIGKILL');
      allCommitted.push(...run.committed);
      if (run.committed.length > 0) killedWithSalesInFlight++;

      const store = openTillStore(dbPath); // throws CORRUPT_DATABASE if the kill damaged the file
      try {
        expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(ledgerViolations(store)).toEqual([]);
        const saleIds = new Set(store.db.prepare('SELECT id FROM sales').pluck().all() as string[]);
        const lost = allCommitted.filter((id) => !saleIds.has(id));
        expect(lost, 'sales reported complete before the kill must survive it').toEqual([]);
        const opsWithoutEffect = store.db
          .prepare("SELECT count(*) FROM ops o WHERE o.type = 'sale' AND NOT EXISTS (SELECT 1 FROM sales s WHERE s.op_seq = o.seq)")
          .pluck()
          .get();
        expect(opsWithoutEffect).toBe(0);
      } finally {
        store.close();
      }
    }
    expect(allCommitted.length).toBeGreaterThan(KILLS);
    expect(killedWithSalesInFlight).toBeGreaterThan(KILLS / 2);
  }, 120_000);
});
