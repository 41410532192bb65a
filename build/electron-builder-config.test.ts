import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUT_DIR } from './bundle-electron';

/**
 * The packaging config cannot be exercised here (no Electron binary to package), so it is checked against
 * electron-builder's own schema and against what the bundle script produces.
 */
const root = join(import.meta.dirname, '..');
// electron-builder's own parser and validator (its dependencies), so the check is exactly what `npm run dist` runs.
const requireFromRoot = createRequire(join(root, 'package.json'));
const yaml = requireFromRoot('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = requireFromRoot('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = requireFromRoot('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  extraMetadata: { main: string };
  npmRebuild: boolean;
  asarUnpack: string[];
  linux: { target: string[] };
  win: { target: Array<{ target: string }> };
}

const config = yaml.load(readFileSync(join(root, 'build', 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('build/electron-builder.yml', () => {
  it("passes electron-builder's schema", async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...structuredClone(config), linx: {} }, new DebugLogger(false))).rejects.toThrow(/configuration/i);
  });

  it('starts the bundle the bundle script writes, and ships the renderer build', () => {
    expect(config.extraMetadata.main).toBe(relative(root, join(OUT_DIR, 'main.cjs')).split('\\').join('/'));
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'renderer/dist/**', 'node_modules/better-sqlite3/**']));
    expect(config.productName).toBe('Till');
  });

  it("rebuilds better-sqlite3 for Electron's ABI and keeps its native addon out of the asar", () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack.some((p) => p.includes('better-sqlite3') && p.endsWith('.node'))).toBe(true);
  });

  it('targets AppImage and deb on Linux, NSIS on Windows', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
  });
});
