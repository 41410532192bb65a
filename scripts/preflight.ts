import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

/**
 * `npm test` runs this first: it says plainly what the machine lacks for the tests, and how to get it, before
 * anything runs, instead of a connection error deep inside the fortieth test. It checks what the suite needs
 * from outside the repository: a PostgreSQL where it may create databases (the sync server's tests and the
 * end-to-end tests), and a Chromium (the end-to-end tests). `.ci/run` provides both on a fresh Debian machine.
 */

export interface Problem {
  /** what is missing, in one line */
  what: string;
  /** how to get it */
  fix: string[];
}

/** The two PostgreSQL URLs the suite uses (sync-server/test-support/test-db.ts, e2e/support/postgres.ts). */
export function postgresUrls(env: NodeJS.ProcessEnv = process.env): string[] {
  const fallback = 'postgres://postgres@127.0.0.1:5432/postgres';
  return [...new Set([env.TEST_PG_URL || fallback, env.E2E_PG_ADMIN_URL || fallback])];
}

function where(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'} (user ${decodeURIComponent(u.username) || 'postgres'})`;
}

const POSTGRES_FIX = [
  'The sync server\'s tests and the end-to-end tests create and drop their own databases on it.',
  'On Debian or Ubuntu: sudo apt-get install postgresql, then start it: sudo pg_ctlcluster <version> main start',
  '(ls /etc/postgresql shows the version), and let user postgres in from 127.0.0.1 (method "trust" in pg_hba.conf).',
  'Or point TEST_PG_URL and E2E_PG_ADMIN_URL at a PostgreSQL where your user may create databases.',
  '.ci/run installs and starts PostgreSQL itself on a fresh Debian machine.',
];

/** null when `url` answers and its user may create databases; else what is wrong and how to fix it. */
export async function checkPostgres(url: string, timeoutMs = 5_000): Promise<Problem | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A connection that dies after connecting reports here, not as an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    const reason = err instanceof Error ? err.message || (err as NodeJS.ErrnoException).code || err.name : String(err);
    return { what: `PostgreSQL is not reachable at ${where(url)}: ${reason}`, fix: POSTGRES_FIX };
  }
  try {
    const res = await client.query<{ may: boolean }>('SELECT (rolsuper OR rolcreatedb) AS may FROM pg_roles WHERE rolname = current_user');
    if (res.rows[0]?.may !== true) {
      return { what: `PostgreSQL at ${where(url)} answers, but that user may not create databases`, fix: POSTGRES_FIX };
    }
    return null;
  } catch (err) {
    return { what: `PostgreSQL at ${where(url)} answers, but a query failed: ${err instanceof Error ? err.message : String(err)}`, fix: POSTGRES_FIX };
  } finally {
    await client.end().catch(() => undefined);
  }
}

const CHROMIUM_FIX = [
  'The end-to-end tests drive a real Chromium (Playwright cannot download its own browser everywhere).',
  'On Debian or Ubuntu: sudo apt-get install chromium (it lands at /usr/bin/chromium).',
  'Or set CHROMIUM_PATH to a Chromium or Chrome executable, or run npx playwright install chromium where that works.',
  '.ci/run installs Debian\'s Chromium itself on a fresh machine.',
];

export interface ChromiumProbe {
  exists: (path: string) => boolean;
  /** Playwright's own downloaded Chromium, if it knows one */
  playwrightChromium: () => string | null;
}

/** The same order as e2e/support/browser.ts: CHROMIUM_PATH, then /usr/bin/chromium, then Playwright's own. */
export function checkChromium(env: NodeJS.ProcessEnv, probe: ChromiumProbe): Problem | null {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    return probe.exists(fromEnv) ? null : { what: `CHROMIUM_PATH is ${fromEnv}, which does not exist`, fix: CHROMIUM_FIX };
  }
  if (probe.exists('/usr/bin/chromium')) return null;
  const own = probe.playwrightChromium();
  if (own !== null && probe.exists(own)) return null;
  return { what: 'no Chromium: CHROMIUM_PATH is not set, /usr/bin/chromium does not exist, and Playwright has no browser of its own', fix: CHROMIUM_FIX };
}

async function playwrightChromiumPath(): Promise<string | null> {
  try {
    const { chromium } = await import('@playwright/test');
    return chromium.executablePath();
  } catch {
    return null;
  }
}

export function formatProblems(problems: readonly Problem[]): string {
  const lines = [`npm test cannot run on this machine yet: ${problems.length === 1 ? 'one thing is' : `${problems.length} things are`} missing.`, ''];
  problems.forEach((p, i) => {
    lines.push(`${i + 1}. ${p.what}`);
    for (const f of p.fix) lines.push(`   ${f}`);
    lines.push('');
  });
  lines.push('Nothing was run. Fix the above and run npm test again.');
  return lines.join('\n');
}

export async function preflight(env: NodeJS.ProcessEnv = process.env): Promise<Problem[]> {
  const own = await playwrightChromiumPath();
  const postgres = await Promise.all(postgresUrls(env).map((url) => checkPostgres(url)));
  const chromium = checkChromium(env, { exists: existsSync, playwrightChromium: () => own });
  return [...postgres, chromium].filter((p): p is Problem => p !== null);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const problems = await preflight();
  if (problems.length > 0) {
    console.error(formatProblems(problems));
    process.exit(1);
  }
  console.log('preflight: PostgreSQL and Chromium are there.');
}
