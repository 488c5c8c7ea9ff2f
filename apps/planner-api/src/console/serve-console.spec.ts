import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleDir } from './serve-console';

describe('consoleDir', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'imc-console-dir-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const built = (dir: string): void => {
    mkdirSync(join(dir, 'dist', 'console'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'console', 'index.html'), '<!doctype html>');
  };

  it('finds dist/console from the sources, from the compiled files and from the image layout', () => {
    built(root);
    const sources = join(root, 'apps', 'planner-api', 'src', 'console');
    const compiled = join(root, 'dist', 'apps', 'planner-api', 'src', 'console');
    mkdirSync(sources, { recursive: true });
    mkdirSync(compiled, { recursive: true });
    expect(consoleDir(sources)).toBe(join(root, 'dist', 'console'));
    expect(consoleDir(compiled)).toBe(join(root, 'dist', 'console'));
  });

  it('answers undefined when nothing was built', () => {
    const sources = join(root, 'apps', 'planner-api', 'src', 'console');
    mkdirSync(sources, { recursive: true });
    expect(consoleDir(sources)).toBeUndefined();
  });
});
