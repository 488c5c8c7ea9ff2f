import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The architecture checked by a test, not by hope: which lib may import which, no import running
 * back up inside apps/allocator, and the domain and the optimizer plain TypeScript that a unit test
 * can `new` up (STYLE.md habit 3: no Nest, no Kafka, no `any`). Sources only: a spec may reach for
 * a fixture of a lower or higher level.
 */
const ROOT = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports, re-exports or requires. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s+|\bimport\(\s*|\brequire\(\s*)'([^']+)'/g)) found.push(m[1]);
  return found;
}

/** Where a specifier lands: a lib (`@imc/x` or a relative path into libs/x), an app, or outside. */
function target(file: string, specifier: string): string | undefined {
  const alias = /^@imc\/([a-z-]+)/.exec(specifier);
  if (alias) return `libs/${alias[1]}`;
  if (!specifier.startsWith('.')) return undefined;
  const parts = relative(ROOT, resolve(dirname(file), specifier)).split(sep);
  return parts[0] === 'libs' || parts[0] === 'apps' ? `${parts[0]}/${parts[1]}` : undefined;
}

/** Which lib may import which; anything not listed (an app among them) is refused. */
const MAY_IMPORT: Record<string, string[]> = {
  contracts: [],
  domain: ['contracts'],
  optimizer: ['contracts', 'domain'],
  platform: ['contracts'],
  workers: ['contracts', 'domain', 'optimizer', 'platform'],
};

describe('libs: which lib may import which', () => {
  it('knows every lib', () => {
    const libs = readdirSync(__dirname).filter((name) => statSync(join(__dirname, name)).isDirectory());
    expect(libs.sort()).toEqual(Object.keys(MAY_IMPORT).sort());
  });

  it.each(Object.keys(MAY_IMPORT))('libs/%s imports only what it may', (lib) => {
    const allowed = new Set([lib, ...MAY_IMPORT[lib]].map((l) => `libs/${l}`));
    const offenders = sources(join(__dirname, lib, 'src')).flatMap((file) =>
      importsOf(file)
        .filter((s) => {
          const t = target(file, s);
          return t !== undefined && !allowed.has(t);
        })
        .map((s) => `${relative(ROOT, file)} -> ${s}`),
    );
    expect(offenders).toEqual([]);
  });
});

/**
 * apps/allocator's folders from the top down: a file imports only from folders below its own (or
 * its own). The root (main, the module, the lifecycle) wires everything; state is the in-memory
 * world the others read and write.
 */
const ALLOCATOR_LEVELS = ['.', 'cli', 'ingest', 'planning', 'leadership', 'state', 'durability', 'metrics'];

describe('apps/allocator: no import running back up', () => {
  const src = join(ROOT, 'apps', 'allocator', 'src');
  const levelOf = (file: string): number => {
    const folder = relative(src, dirname(file)).split(sep)[0] || '.';
    const level = ALLOCATOR_LEVELS.indexOf(folder);
    if (level < 0) throw new Error(`apps/allocator/src/${folder}/ has no level in ALLOCATOR_LEVELS`);
    return level;
  };

  it('every folder has a level', () => {
    const folders = readdirSync(src).filter((name) => statSync(join(src, name)).isDirectory());
    expect(folders.filter((f) => !ALLOCATOR_LEVELS.includes(f))).toEqual([]);
  });

  it('imports only its own folder or folders below it', () => {
    const offenders = sources(src).flatMap((file) =>
      importsOf(file)
        .filter((s) => s.startsWith('.'))
        .map((s) => resolve(dirname(file), s))
        .filter((to) => to.startsWith(src + sep) && levelOf(to) < levelOf(file))
        .map((to) => `${relative(src, file)} -> ${relative(src, to)}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe.each(['domain', 'optimizer'])('libs/%s', (lib) => {
  const files = sources(join(__dirname, lib, 'src'));

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('imports neither Nest nor Kafka', () => {
    const offenders = files.filter((f) => /from '(@nestjs\/[^']+|kafkajs)'/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('uses no `any`', () => {
    const offenders = files.filter((f) => /(:\s*any\b|as any\b|<any>)/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});

/**
 * Bytes from the wire (a record value, group-member user data, a worker's answer) are read through
 * libs/contracts' readers, which answer with a verdict where JSON.parse throws. What is left under
 * the services parses a file the operator names (`stress --model`) or re-reads an object built
 * here.
 */
describe('the services parse no wire bytes themselves', () => {
  const ALLOWED = ['apps/allocator/src/cli/stress.ts', 'apps/planner-api/src/publishing/planner-events.publisher.ts'];

  it('has no JSON.parse under apps/allocator and apps/planner-api but the ones listed', () => {
    const files = ['allocator', 'planner-api'].flatMap((app) => sources(join(ROOT, 'apps', app, 'src')));
    const offenders = files.map((f) => relative(ROOT, f).split(sep).join('/')).filter((f) => !ALLOWED.includes(f) && /\bJSON\.parse\(/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
