import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Figure, SuiteRun } from './figures';

/**
 * `npm run bench` runs every bench/<suite>.bench.ts; `-- --json` prints one {"name","value","unit"} object per
 * line for tracking across versions; `-- --only <prefix>` runs the suites whose name starts with the prefix.
 */
const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, only: { type: 'string' } },
  allowPositionals: false,
});

const dir = fileURLToPath(new URL('.', import.meta.url));
const suites = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => ({ name: f.slice(0, -'.bench.ts'.length), file: join(dir, f) }))
  .filter((s) => values.only === undefined || s.name.startsWith(values.only))
  .sort((a, b) => a.name.localeCompare(b.name));

if (suites.length === 0) {
  console.error(values.only === undefined ? 'no bench/*.bench.ts suites found' : `no suite starts with "${values.only}"`);
  process.exit(1);
}

let failed = false;
const all: Figure[] = [];
for (const suite of suites) {
  if (!values.json) console.log(`\n# ${suite.name}`);
  let figures: Figure[];
  try {
    const mod = (await import(pathToFileURL(suite.file).href)) as { run?: SuiteRun };
    if (typeof mod.run !== 'function') throw new Error(`${suite.file} does not export run()`);
    figures = await mod.run();
  } catch (error) {
    failed = true;
    console.error(`suite ${suite.name} failed:`, error);
    continue;
  }
  all.push(...figures);
  if (values.json) {
    for (const f of figures) console.log(JSON.stringify({ name: f.name, value: f.value, unit: f.unit }));
  } else {
    printTable(figures);
  }
}
if (!values.json && all.some((f) => f.met === false)) console.log('\nsome targets were missed (marked MISSED above)');
process.exit(failed ? 1 : 0);

function printTable(figures: readonly Figure[]): void {
  const rows = figures.map((f) => [f.name, formatValue(f.value), f.unit, f.target ?? '', f.met === undefined ? '' : f.met ? 'ok' : 'MISSED']);
  const header = ['figure', 'value', 'unit', 'target', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 1 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

function formatValue(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(4);
}
