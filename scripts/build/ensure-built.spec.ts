import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staleReason } from './ensure-built';

describe('npm start builds when dist/ is missing or stale', () => {
  let root: string;
  const at = (path: string, seconds: number): void => utimesSync(join(root, path), seconds, seconds);
  const stamp = (seconds: number): void => {
    mkdirSync(join(root, 'dist'), { recursive: true });
    writeFileSync(join(root, 'dist', '.build-stamp'), JSON.stringify({ startedMs: seconds * 1000 }));
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'imc-ensure-built-'));
    mkdirSync(join(root, 'apps', 'a', 'src'), { recursive: true });
    writeFileSync(join(root, 'apps', 'a', 'src', 'main.ts'), '');
    writeFileSync(join(root, 'apps', 'a', 'src', 'main.spec.ts'), '');
    writeFileSync(join(root, 'tsconfig.json'), '{}');
    for (const file of ['apps/a/src/main.ts', 'apps/a/src/main.spec.ts', 'tsconfig.json']) at(file, 1_000);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when there is no build', () => {
    expect(staleReason(root)).toMatch(/no build yet/);
  });

  it('does not build when the build started after the last change', () => {
    stamp(2_000);
    expect(staleReason(root)).toBeUndefined();
  });

  it('builds again when a source changed after the build started, naming it', () => {
    stamp(2_000);
    at('apps/a/src/main.ts', 2_001);
    expect(staleReason(root)).toBe(join('apps', 'a', 'src', 'main.ts') + ' changed since the last build');
  });

  it('builds again when the TypeScript configuration changed', () => {
    stamp(2_000);
    at('tsconfig.json', 3_000);
    expect(staleReason(root)).toMatch(/^tsconfig\.json changed/);
  });

  it('ignores specs, which are not compiled into dist/', () => {
    stamp(2_000);
    at('apps/a/src/main.spec.ts', 3_000);
    expect(staleReason(root)).toBeUndefined();
  });

  it('builds when the stamp is unreadable (a build cut short)', () => {
    stamp(2_000);
    writeFileSync(join(root, 'dist', '.build-stamp'), '{"started');
    expect(staleReason(root)).toMatch(/unreadable/);
  });
});
