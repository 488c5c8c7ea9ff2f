import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The checkout (or image) root: the nearest folder above `from` holding package.json. The scripts
 * run from their sources (scripts/...) and compiled (dist/scripts/...), one level deeper, so a
 * fixed number of `..` would be wrong in one of the two; dist/ has no package.json of its own.
 */
export function findProjectRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot();

/** Where `npm run build` puts the compiled tree, which mirrors the project's folders. */
export const DIST = join(PROJECT_ROOT, 'dist');

/**
 * Builds dist/ when it is stale (scripts/build/ensure-built.js). Required by path from the project
 * root rather than imported: that file is plain JavaScript, which tsc does not copy into dist/, so
 * a relative import would break in the compiled copy of whichever script uses it.
 */
export function ensureBuilt(log: (line: string) => void): boolean {
  const script = require(join(PROJECT_ROOT, 'scripts', 'build', 'ensure-built.js')) as typeof import('../build/ensure-built');
  return script.ensureBuilt(log);
}
