import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';

/**
 * Bundles the desktop shell for Electron: main process → out/electron/main.cjs, preload → out/electron/preload.cjs
 * (a sandboxed preload cannot load ES modules, so both are CommonJS). `electron` is provided by the runtime and
 * better-sqlite3 is a native addon that electron-builder rebuilds for Electron's ABI, so neither is bundled.
 * The till's SQL migrations are read from disk at open; they are copied beside the bundle, where the bundled
 * store finds them through import.meta.url.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(root, 'out', 'electron');
const MIGRATIONS_SRC = join(root, 'electron', 'store', 'migrations');

export async function bundleElectron(options: { outDir?: string; minify?: boolean } = {}): Promise<string[]> {
  const outDir = options.outDir ?? OUT_DIR;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'linked',
    minify: options.minify ?? false,
    external: ['electron', 'better-sqlite3'],
    logLevel: 'warning',
  };

  await build({
    ...common,
    entryPoints: [join(root, 'electron', 'shell', 'main.ts')],
    outfile: join(outDir, 'main.cjs'),
    // CommonJS has no import.meta: give modules that locate files next to themselves the bundle's own URL.
    // Only in main: a sandboxed preload may not require node:url.
    define: { 'import.meta.url': '__till_import_meta_url' },
    banner: { js: "const __till_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  });
  await build({ ...common, entryPoints: [join(root, 'electron', 'shell', 'preload.ts')], outfile: join(outDir, 'preload.cjs') });

  if (existsSync(MIGRATIONS_SRC)) {
    cpSync(MIGRATIONS_SRC, join(outDir, 'migrations'), { recursive: true, filter: (src) => !src.endsWith('.ts') });
  }
  return readdirSync(outDir, { recursive: true }).map(String).sort();
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = await bundleElectron({ minify: process.argv.includes('--minify') });
  console.log(`bundled into ${OUT_DIR}:\n  ${files.join('\n  ')}`);
}
