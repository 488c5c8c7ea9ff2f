#!/usr/bin/env node
/**
 * `npm run build:services`: compiles the services, the CLIs and the scripts they need into dist/
 * with tsc (tsconfig.build.json), so that they run as `node dist/...` without TypeScript, ts-node
 * or tsconfig-paths:
 *   1. tsc into dist.partial/ (a failed build leaves the previous dist/ untouched);
 *   2. every `require("@imc/...")` rewritten into a relative path (aliases.js);
 *   3. dist.partial/ replaces dist/, and dist/.build-stamp records when the build started, which
 *      ensure-built.js compares with the sources.
 */
const { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { spawnSync } = require('node:child_process');
const { aliasTable, rewriteAliases } = require('./aliases');

const ROOT = join(__dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const PARTIAL = join(ROOT, 'dist.partial');
const STAMP = '.build-stamp';

function* jsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

function build() {
  const started = Date.now();
  rmSync(PARTIAL, { recursive: true, force: true });
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  } catch {
    throw new Error('typescript is not installed: building needs the development dependencies (npm ci, not npm ci --omit=dev)');
  }
  // rootDir pinned: the layout of dist/ must not depend on which folders happen to hold sources.
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', PARTIAL, '--rootDir', '.'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    rmSync(PARTIAL, { recursive: true, force: true });
    throw new Error(`tsc failed (exit ${result.status}); dist/ left as it was`);
  }

  const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));
  const table = aliasTable(compilerOptions.paths ?? {});
  let files = 0;
  let rewrites = 0;
  for (const file of jsFiles(PARTIAL)) {
    const fileRel = relative(PARTIAL, file);
    const { code, rewritten } = rewriteAliases(readFileSync(file, 'utf8'), fileRel, table);
    files += 1;
    if (rewritten.length === 0) continue;
    rewrites += rewritten.length;
    writeFileSync(file, code);
  }
  // An alias left behind would only fail when that file is first required, in production.
  for (const file of jsFiles(PARTIAL)) {
    const left = readFileSync(file, 'utf8').match(/\brequire\(["']@imc\/[^"']*["']\)/);
    if (left) throw new Error(`${relative(PARTIAL, file)}: ${left[0]} was not rewritten`);
  }

  writeFileSync(join(PARTIAL, STAMP), `${JSON.stringify({ started: new Date(started).toISOString(), startedMs: started })}\n`);
  // Other builds write into dist/ too (build:console: dist/console); what tsc does not produce is
  // carried over rather than deleted with the old tree.
  if (existsSync(DIST)) {
    for (const entry of readdirSync(DIST)) {
      if (!existsSync(join(PARTIAL, entry))) renameSync(join(DIST, entry), join(PARTIAL, entry));
    }
  }
  rmSync(DIST, { recursive: true, force: true });
  renameSync(PARTIAL, DIST);
  return { files, rewrites, ms: Date.now() - started };
}

if (require.main === module) {
  try {
    const { files, rewrites, ms } = build();
    process.stderr.write(`[build] dist/: ${files} files compiled, ${rewrites} path aliases made relative, in ${(ms / 1000).toFixed(1)} s\n`);
  } catch (error) {
    process.stderr.write(`[build] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

module.exports = { build, DIST, STAMP };
