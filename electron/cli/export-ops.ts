import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isDomainError } from '../../shared/domain/errors';
import { openTillStore } from '../store';
import { exportPendingOps } from '../sync/export-ops';

/**
 * Exports a till's pending ops to a file for `npm run admin -- import-ops <file>` at head office: the way out
 * for a till that died or a branch cut off for days. Usage:
 *   npx tsx electron/cli/export-ops.ts --db <till.db> --out <file> [--force]
 * The ops stay pending in the till: if it comes back, its push changes nothing the import already applied.
 */
const USAGE = 'usage: export-ops --db <till.db> --out <file> [--force]';

function main(argv: string[]): number {
  let values: { db?: string; out?: string; force?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { db: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  if (values.db === undefined || values.out === undefined) {
    console.error(USAGE);
    return 2;
  }
  if (!existsSync(values.db)) {
    console.error(`no till database at ${values.db}`);
    return 1;
  }
  if (existsSync(values.out) && values.force !== true) {
    console.error(`${values.out} already exists; pass --force to overwrite it`);
    return 1;
  }
  const store = openTillStore(values.db);
  try {
    const { json, summary } = exportPendingOps(store, new Date());
    if (summary.count === 0) {
      console.log(`till ${summary.tillId} has nothing pending: no file written`);
      return 0;
    }
    writeFileSync(values.out, json, { flag: values.force === true ? 'w' : 'wx' });
    console.log(`exported ${summary.count} pending op(s) of till ${summary.tillId} (#${summary.firstSeq}–#${summary.lastSeq}) to ${values.out}`);
    return 0;
  } finally {
    store.close();
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(isDomainError(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
