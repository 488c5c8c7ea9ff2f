import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on a module of this repository, whichever way the caller runs:
 * compiled (`node dist/...`, the entry is a .js file with its aliases already rewritten), or from
 * sources under ts-node or ts-jest (the entry is a .ts file). A worker is a fresh Node instance
 * that does not inherit the parent's loader hooks, so for a .ts entry it registers ts-node
 * (transpile only: the type check is the build's job) and the `@imc/*` path aliases itself.
 *
 * `entry` is a path without extension (e.g. `join(__dirname, 'plan.worker')`); the .js sibling
 * wins when both exist, so a compiled tree never pays for the TypeScript loader.
 */
export function startWorker(entry: string, options: WorkerOptions = {}): Worker {
  const file = resolveWorkerEntry(entry);
  if (extname(file) === '.js') return new Worker(file, options);
  const project = findTsconfig(dirname(file));
  const bootstrap = [
    `require('ts-node').register({ transpileOnly: true, project: ${JSON.stringify(project)} });`,
    `const paths = require('tsconfig-paths');`,
    `const cfg = paths.loadConfig(${JSON.stringify(project)});`,
    `if (cfg.resultType === 'success') paths.register({ baseUrl: cfg.absoluteBaseUrl, paths: cfg.paths });`,
    `require(${JSON.stringify(file)});`,
  ].join('\n');
  return new Worker(bootstrap, { ...options, eval: true });
}

/** The file a worker entry names: `<entry>.js` if built, else `<entry>.ts`; an error names both. */
export function resolveWorkerEntry(entry: string): string {
  const ext = extname(entry);
  if (ext === '.js' || ext === '.ts') {
    if (existsSync(entry)) return entry;
    entry = entry.slice(0, -ext.length);
  }
  for (const candidate of [`${entry}.js`, `${entry}.ts`]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`worker entry not found: neither ${entry}.js nor ${entry}.ts exists`);
}

function findTsconfig(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`no tsconfig.json above ${from} to run a .ts worker`);
  }
}
