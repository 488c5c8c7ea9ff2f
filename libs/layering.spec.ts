import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The domain and the optimizer are plain TypeScript that a unit test can `new` up (STYLE.md
 * habit 3): no Nest, no Kafka, no `any`. This stands in for a lint rule.
 */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

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
