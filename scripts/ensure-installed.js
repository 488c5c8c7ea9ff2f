#!/usr/bin/env node
/**
 * Runs before `npm start` and `npm test` (prestart, pretest): on a fresh clone, or after the lock
 * file changed, installs exactly the locked dependencies first, so that the two commands are all
 * a newcomer needs. Plain Node, no dependencies of its own.
 */
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..');
const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');

const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs;
if (stale) {
  process.stderr.write('[setup] installing the locked dependencies (npm ci)...\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('[setup] npm ci failed; see above\n');
    process.exit(result.status ?? 1);
  }
}

// The planner console the API serves at `/`: built when missing or older than its sources, so
// that `npm start` shows it and the browser spec of `npm test` finds it.
if (require('./build-console').isStale()) {
  const built = spawnSync(process.execPath, [join(__dirname, 'build-console.js')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
