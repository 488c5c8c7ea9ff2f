#!/usr/bin/env node
/**
 * Runs before `npm start` (and before the end-to-end specs, which run the compiled services): builds
 * when dist/ is missing or older than the sources, so that an edit is never run as its stale build
 * and a fresh clone needs no separate build step. Plain Node, no dependencies.
 */
const { existsSync, readdirSync, readFileSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');
const SOURCE_DIRS = ['apps', 'libs', 'scripts'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
// Specs are not compiled into dist/, so editing one does not make the build stale.
const NOT_BUILT = /\.(spec|e2e-spec|fuzz\.spec)\.ts$/;

/** The newest source file and its mtime (ms), or undefined when there is none. */
function newestSource(root = ROOT) {
  let newest;
  const consider = (path) => {
    const mtimeMs = statSync(path).mtimeMs;
    if (!newest || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs };
  };
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(path);
      } else if (!NOT_BUILT.test(entry.name)) consider(path);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) walk(join(root, dir));
  for (const file of SOURCE_FILES) if (existsSync(join(root, file))) consider(join(root, file));
  return newest;
}

/** Why dist/ must be built again, or undefined when it is up to date. */
function staleReason(root = ROOT) {
  const stamp = join(root, 'dist', '.build-stamp');
  if (!existsSync(stamp)) return 'no build yet (dist/ missing or incomplete)';
  let builtMs;
  try {
    builtMs = JSON.parse(readFileSync(stamp, 'utf8')).startedMs;
  } catch {
    return 'dist/.build-stamp unreadable';
  }
  if (typeof builtMs !== 'number') return 'dist/.build-stamp unreadable';
  const newest = newestSource(root);
  // Compared with the moment the build started: a file saved during the build counts as newer.
  if (newest && newest.mtimeMs > builtMs) return `${relative(root, newest.path)} changed since the last build`;
  return undefined;
}

/** Builds (npm run build: services and whatever else the build script covers) when stale. */
function ensureBuilt(log = (line) => process.stderr.write(`${line}\n`)) {
  const reason = staleReason();
  if (!reason) return false;
  log(`[build] building: ${reason}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status}); see above`);
  return true;
}

if (require.main === module) {
  try {
    ensureBuilt();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

module.exports = { ensureBuilt, staleReason, newestSource, DIST, STAMP };
