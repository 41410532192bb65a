import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { bundleElectron } from '../build/bundle-electron';
import { initDemoTillIfFresh } from '../electron/web/demo-till';
import { REPO_ROOT } from './support/processes';

/** The packaged shape of the desktop app: main + preload bundles, the renderer build, a demo till database. */

function electronBinary(): { path: string } | { missing: string } {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `the electron package points to ${String(path)}, which does not exist` };
  } catch (err) {
    return { missing: err instanceof Error ? err.message : String(err) };
  }
}

test('the desktop app opens the till with one sandboxed bridge', async () => {
  const binary = electronBinary();
  test.skip('missing' in binary, `Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): ${'missing' in binary ? binary.missing : ''}`);
  if (!('path' in binary)) return;
  test.skip(!existsSync(join(REPO_ROOT, 'renderer', 'dist', 'index.html')), 'renderer not built: run npm run build:renderer');

  await bundleElectron();
  const dataDir = mkdtempSync(join(tmpdir(), 'till-electron-'));
  const dbPath = join(dataDir, 'till.sqlite');
  initDemoTillIfFresh(dbPath, 'Hamra Till 1');
  const app = await electron.launch({ executablePath: binary.path, args: [REPO_ROOT, '--db', dbPath], cwd: REPO_ROOT });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toMatch(/^app:\/\/till\//);

    const exposed = await page.evaluate(() => ({
      bridgeKeys: Object.keys((globalThis as unknown as { till: object }).till),
      hasRequire: typeof (globalThis as unknown as { require?: unknown }).require,
      hasProcess: typeof (globalThis as unknown as { process?: unknown }).process,
    }));
    expect(exposed).toEqual({ bridgeKeys: ['call'], hasRequire: 'undefined', hasProcess: 'undefined' });

    const info = await page.evaluate(() =>
      (globalThis as unknown as { till: { call(m: string, i: unknown): Promise<unknown> } }).till.call('till.info', {}),
    );
    expect(info).toMatchObject({ ok: true, value: { tillName: 'Hamra Till 1' } });

  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
