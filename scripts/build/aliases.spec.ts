import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import fc from 'fast-check';
import { aliasTable, resolveAlias, rewriteAliases } from './aliases';

const { compilerOptions } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
const table = aliasTable(compilerOptions.paths);

describe('path aliases in compiled JavaScript', () => {
  it('makes a library alias relative to the requiring file', () => {
    const { code, rewritten } = rewriteAliases('const platform_1 = require("@imc/platform");', 'apps/allocator/src/main.js', table);
    expect(code).toBe('const platform_1 = require("../../../libs/platform/src");');
    expect(rewritten).toEqual(['@imc/platform']);
  });

  it('keeps the sub-path of a deep import and the quote style', () => {
    const { code } = rewriteAliases("require('@imc/domain/loan-id')", 'libs/platform/src/kafka/x.js', table);
    expect(code).toBe("require('../../../domain/src/loan-id')");
  });

  it('starts a path inside the same library with ./', () => {
    expect(rewriteAliases('require("@imc/contracts/topics")', 'libs/contracts/src/a.js', table).code).toBe('require("./topics")');
  });

  it('leaves packages and look-alike names alone', () => {
    const code = 'require("@nestjs/core"); require("@imc/platformx"); require("./local"); require("@imc")';
    expect(rewriteAliases(code, 'apps/allocator/src/main.js', table)).toEqual({ code, rewritten: [] });
  });

  it('refuses a tsconfig alias with several targets, which a rewrite could not choose between', () => {
    expect(() => aliasTable({ '@x/*': ['a/*', 'b/*'] })).toThrow(/exactly one target/);
  });

  it('every rewritten path, from any compiled file, leads where tsconfig says the alias does (seeded)', () => {
    const segment = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    const aliases = Object.keys(compilerOptions.paths).filter((p) => !p.endsWith('/*'));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 0, maxLength: 5 }), fc.constantFrom(...aliases), fc.array(segment, { maxLength: 3 }), (dirs, alias, sub) => {
        const fileRel = [...dirs, 'file.js'].join('/');
        const specifier = [alias, ...sub].join('/');
        const { code } = rewriteAliases(`require("${specifier}")`, fileRel, table);
        const written = /require\("([^"]+)"\)/.exec(code)?.[1] ?? '';
        expect(written.startsWith('./') || written.startsWith('../')).toBe(true);
        expect(normalize(join(dirname(fileRel), written))).toBe(normalize(resolveAlias(table, specifier) ?? '?'));
      }),
      { seed: 13, numRuns: 500 },
    );
  });
});
