import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** docs/asyncapi.yaml of the repository, found from here whether run from source or from dist. */
export function findAsyncApiFile(from: string = __dirname): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'docs', 'asyncapi.yaml');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

export function loadAsyncApiDocument(): string | undefined {
  const file = findAsyncApiFile();
  return file ? readFileSync(file, 'utf8') : undefined;
}
