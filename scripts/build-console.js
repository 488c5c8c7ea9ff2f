#!/usr/bin/env node
/**
 * Builds the planner console (apps/console) into dist/console, which the planner-api serves at `/`:
 * one JavaScript bundle (the country shapes included, so the map needs no network), the stylesheet
 * and the page. `--if-stale` builds only when the bundle is missing or older than a source, which
 * is what `npm start` and the e2e set-up call. Plain Node plus esbuild, usable before any TS loader.
 */
const { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { brotliCompressSync, constants, gzipSync } = require('node:zlib');

const root = join(__dirname, '..');
const src = join(root, 'apps', 'console', 'src');
const out = join(root, 'dist', 'console');
const stamp = join(out, '.built');
/** What the planner-api serves compressed (apps/planner-api/src/console/serve-console.ts): each gets a .br and a .gz beside it. */
const COMPRESSED = ['index.html', 'console.js', 'console.css', 'console.js.map'];

/**
 * Brotli at its best quality and gzip at level 9, once at build time rather than per request: the
 * bundle is mostly the country shapes, about 5 times smaller compressed.
 */
function compressOutputs() {
  for (const name of COMPRESSED) {
    const body = readFileSync(join(out, name));
    writeFileSync(join(out, `${name}.br`), brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
    writeFileSync(join(out, `${name}.gz`), gzipSync(body, { level: 9 }));
  }
}

/** What the bundle is made of besides apps/console: the contract types, the default policy, the lock file. */
const inputs = [join(root, 'libs', 'contracts', 'src', 'payloads.ts'), join(root, 'libs', 'domain', 'src', 'policy.defaults.ts'), join(root, 'package-lock.json'), __filename];

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), st.mtimeMs);
}

function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return newest(src) > built || inputs.some((f) => existsSync(f) && statSync(f).mtimeMs > built);
}

async function buildConsole() {
  const esbuild = require('esbuild');
  const started = Date.now();
  mkdirSync(out, { recursive: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(src, 'ui', 'main.ts')],
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'iife',
    target: ['chrome109', 'firefox115', 'safari16'],
    outfile: join(out, 'console.js'),
    // The page uses the contract's plain types and constants only, never its validation classes.
    alias: { '@imc/contracts': './libs/contracts/src/payloads.ts' },
    logLevel: 'warning',
    legalComments: 'linked',
  });
  copyFileSync(join(src, 'index.html'), join(out, 'index.html'));
  copyFileSync(join(src, 'console.css'), join(out, 'console.css'));
  compressOutputs();
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  return Date.now() - started;
}

module.exports = { buildConsole, isStale, consoleOut: out, COMPRESSED };

if (require.main === module) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !isStale()) process.exit(0);
  buildConsole().then(
    (ms) => process.stderr.write(`[console] built dist/console in ${ms} ms\n`),
    (error) => {
      process.stderr.write(`[console] build failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
