import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkChromium, checkPostgres, formatProblems, postgresUrls } from './preflight';

/** A port nothing listens on: bound once by us, then released. */
function closedPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

describe('npm test preflight', () => {
  it('says PostgreSQL is not reachable, where it looked, and how to get one', async () => {
    const port = await closedPort();
    const problem = await checkPostgres(`postgres://postgres@127.0.0.1:${port}/postgres`, 2_000);
    expect(problem?.what).toMatch(new RegExp(`PostgreSQL is not reachable at 127\\.0\\.0\\.1:${port} \\(user postgres\\)`));
    expect(problem?.fix.join('\n')).toMatch(/apt-get install postgresql/);
    expect(problem?.fix.join('\n')).toMatch(/TEST_PG_URL/);
  });

  it('passes the PostgreSQL the suite itself uses', async () => {
    // The same server the sync-server tests need: if this fails, so would they.
    const [url] = postgresUrls();
    expect(await checkPostgres(url ?? '')).toBeNull();
  });

  it('looks for Chromium where the e2e tests do, and says how to get one', () => {
    const nothing = { exists: () => false, playwrightChromium: () => null };
    expect(checkChromium({}, nothing)?.what).toMatch(/no Chromium.*\/usr\/bin\/chromium/);
    expect(checkChromium({}, nothing)?.fix.join('\n')).toMatch(/apt-get install chromium/);
    expect(checkChromium({ CHROMIUM_PATH: '/opt/none/chrome' }, nothing)?.what).toBe('CHROMIUM_PATH is /opt/none/chrome, which does not exist');
    // A CHROMIUM_PATH that exists wins, even with no /usr/bin/chromium.
    expect(checkChromium({ CHROMIUM_PATH: '/opt/x/chrome' }, { exists: (p) => p === '/opt/x/chrome', playwrightChromium: () => null })).toBeNull();
    // A CHROMIUM_PATH that is set but missing is a problem, even if /usr/bin/chromium exists (the tests would throw).
    expect(checkChromium({ CHROMIUM_PATH: '/opt/x/chrome' }, { exists: (p) => p === '/usr/bin/chromium', playwrightChromium: () => null })).not.toBeNull();
    expect(checkChromium({}, { exists: (p) => p === '/usr/bin/chromium', playwrightChromium: () => null })).toBeNull();
    expect(checkChromium({}, { exists: (p) => p === '/pw/chrome', playwrightChromium: () => '/pw/chrome' })).toBeNull();
  });

  it('uses the URLs the test suites use, once each', () => {
    expect(postgresUrls({})).toEqual(['postgres://postgres@127.0.0.1:5432/postgres']);
    expect(postgresUrls({ TEST_PG_URL: 'postgres://a@h:1/x', E2E_PG_ADMIN_URL: 'postgres://b@h:2/y' })).toEqual(['postgres://a@h:1/x', 'postgres://b@h:2/y']);
  });

  it('lists every problem with its fix and says that nothing ran', () => {
    const text = formatProblems([
      { what: 'PostgreSQL is not reachable', fix: ['install it'] },
      { what: 'no Chromium', fix: ['apt-get install chromium'] },
    ]);
    expect(text).toMatch(/2 things are missing/);
    expect(text).toMatch(/1\. PostgreSQL is not reachable\n {3}install it/);
    expect(text).toMatch(/2\. no Chromium\n {3}apt-get install chromium/);
    expect(text).toMatch(/Nothing was run/);
  });
});
