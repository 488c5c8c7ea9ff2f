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
