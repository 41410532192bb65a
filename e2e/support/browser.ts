import { existsSync } from 'node:fs';

/**
 * Which Chromium drives the tests: a path from CHROMIUM_PATH, else Debian's /usr/bin/chromium (what .ci/run
 * installs), else Playwright's own download where one exists (undefined lets Playwright pick it).
 */
export function chromiumExecutable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH points to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/** Quiet, deterministic headless Chromium: no GPU, no background updates or sync phoning home during a test. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;
