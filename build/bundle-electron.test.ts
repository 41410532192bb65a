import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleElectron } from './bundle-electron';

const outDir = mkdtempSync(join(tmpdir(), 'till-bundle-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function requiredModules(code: string): string[] {
  return [...new Set([...code.matchAll(/\brequire\((["'])([^"']+)\1\)/g)].map((m) => m[2] ?? ''))].sort();
}

describe('bundleElectron', () => {
  it('produces CommonJS main and preload bundles with the migrations beside them', async () => {
    const files = await bundleElectron({ outDir });
    expect(files).toEqual(expect.arrayContaining(['main.cjs', 'preload.cjs']));
    const sourceMigrations = readdirSync(join(import.meta.dirname, '..', 'electron', 'store', 'migrations')).filter((f) => f.endsWith('.sql'));
    expect(sourceMigrations.length).toBeGreaterThan(0);
    for (const f of sourceMigrations) expect(existsSync(join(outDir, 'migrations', f)), f).toBe(true);

    // The store finds its migrations next to the bundle: import.meta.url must point at the bundle itself.
    const main = readFileSync(join(outDir, 'main.cjs'), 'utf8');
    expect(main).not.toMatch(/import\.meta/);
    expect(main).toContain('pathToFileURL(__filename)');
  });

  it('keeps electron and the native better-sqlite3 out of the main bundle', () => {
    const modules = requiredModules(readFileSync(join(outDir, 'main.cjs'), 'utf8'));
    expect(modules).toContain('electron');
    expect(modules).toContain('better-sqlite3');
    // Everything else is either bundled or a Node built-in.
    const external = modules.filter((m) => !m.startsWith('node:') && !['electron', 'better-sqlite3'].includes(m));
    const builtins = new Set(builtinModules);
    expect(external.filter((m) => !builtins.has(m))).toEqual([]);
  });

  it('gives the sandboxed preload nothing but electron to require', () => {
    // A sandboxed preload can only require a handful of modules; anything else fails at window creation.
    expect(requiredModules(readFileSync(join(outDir, 'preload.cjs'), 'utf8'))).toEqual(['electron']);
  });
});
