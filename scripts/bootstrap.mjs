/* global process, console */
// `node scripts/bootstrap.mjs <script.ts> [args…]`: what `npm start`, `npm run start:server`,
// `npm run start:till` and `npm test` run first. Plain JavaScript on purpose: on a fresh clone nothing is
// installed yet (not even tsx), so this is the one file that must run on Node alone. It installs the
// dependencies with `npm ci` when node_modules is missing, then runs the TypeScript script with tsx,
// passing the arguments, the exit code and Ctrl-C through.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [script, ...args] = process.argv.slice(2);
if (script === undefined) {
  console.error('usage: node scripts/bootstrap.mjs <script.ts> [args…]');
  process.exit(2);
}

// package.json "engines": the same floor, said plainly instead of a syntax error deep inside a dependency.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node ${process.versions.node} is too old: this project needs Node 20.19 or newer (https://nodejs.org).`);
  process.exit(1);
}

// Only a missing install is repaired here: re-installing under a working tree that others use would pull
// node_modules away from running processes. After pulling a changed package-lock.json, run `npm ci` yourself.
const installed = existsSync(join(repoRoot, 'node_modules', 'tsx', 'package.json')) && existsSync(join(repoRoot, 'node_modules', '.package-lock.json'));
if (!installed) {
  // Electron's binary comes from GitHub, not the npm registry; web mode needs none of it. Set
  // ELECTRON_SKIP_BINARY_DOWNLOAD=0 to download it (the README says how to add it later).
  const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ?? '1' };
  console.log(`First run: installing the dependencies (npm ci, ELECTRON_SKIP_BINARY_DOWNLOAD=${env.ELECTRON_SKIP_BINARY_DOWNLOAD})…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const ci = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot, stdio: 'inherit', env });
  if (ci.status !== 0) {
    console.error('npm ci failed (see above). It needs the npm registry; better-sqlite3 also needs a C++ toolchain');
    console.error('(python3, make, g++) where no prebuilt binary can be downloaded for this platform.');
    process.exit(ci.status ?? 1);
  }
}

const child = spawn(process.execPath, ['--import', 'tsx', resolve(repoRoot, script), ...args], { cwd: repoRoot, stdio: 'inherit' });
// A Ctrl-C in a terminal reaches the child too (same process group); a signal sent to this process alone
// (a service manager, a test) is passed on. The child's handlers ignore the second one.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.once('error', (err) => {
  console.error(`could not run ${script}: ${err.message}`);
  process.exit(1);
});
child.once('exit', (code, signal) => process.exit(code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0))));
