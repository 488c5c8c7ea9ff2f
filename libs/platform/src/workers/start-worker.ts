import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

/**
 * How to start a worker thread on a module of this repository, whichever way the caller runs:
 * compiled (`node dist/...`, the entry is a .js file with its aliases already rewritten: nothing
 * to add), or from sources under ts-node or ts-jest (the entry is a .ts file). A worker is a
 * fresh Node instance that does not inherit the parent's loader hooks, so for a .ts entry it
 * preloads ts-node (transpile only: the type check is the build's job) and the `@imc/*` path
 * aliases, both told which tsconfig.json to read.
 *
 * `entry` is a path without extension (e.g. `join(__dirname, 'plan.worker')`); the .js sibling
 * wins when both exist, so a compiled tree never pays for the TypeScript loader.
 */
export function workerLaunch(entry: string): { file: string; execArgv?: string[]; env?: NodeJS.ProcessEnv } {
  const file = resolveWorkerEntry(entry);
  if (extname(file) === '.js') return { file };
  const project = findTsconfig(dirname(file));
  return {
    file,
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    env: { ...process.env, TS_NODE_PROJECT: project, TS_NODE_TRANSPILE_ONLY: 'true' },
  };
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
