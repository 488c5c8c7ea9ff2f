/**
 * Path aliases in compiled JavaScript. tsc keeps `require("@imc/platform")` as written, and Node
 * cannot resolve it; rather than ship tsconfig-paths (a development tool) to hook the module loader
 * at run time, the build rewrites each aliased require into a relative path once. Plain Node, no
 * dependencies, so it runs before anything is compiled.
 */
const { dirname, join, relative, sep } = require('node:path');

/**
 * Reads tsconfig's `paths` into [prefix, target] pairs, longest prefix first, e.g.
 * ['@imc/platform/', 'libs/platform/src/'] and ['@imc/platform', 'libs/platform/src'].
 */
function aliasTable(paths) {
  const table = [];
  for (const [pattern, targets] of Object.entries(paths)) {
    if (!Array.isArray(targets) || targets.length !== 1) throw new Error(`path alias ${pattern}: exactly one target expected`);
    const wildcard = pattern.endsWith('/*');
    if (wildcard !== targets[0].endsWith('/*')) throw new Error(`path alias ${pattern}: pattern and target must both end in /* or neither`);
    table.push({ prefix: wildcard ? pattern.slice(0, -1) : pattern, target: wildcard ? targets[0].slice(0, -1) : targets[0], exact: !wildcard });
  }
  return table.sort((a, b) => b.prefix.length - a.prefix.length);
}

/** Where `specifier` points, relative to the project root, or undefined when it is no alias. */
function resolveAlias(table, specifier) {
  for (const { prefix, target, exact } of table) {
    if (exact ? specifier === prefix : specifier.startsWith(prefix)) return target + specifier.slice(prefix.length);
  }
  return undefined;
}

const REQUIRE = /\brequire\((["'])([^"'\n]+)\1\)/g;

/**
 * `code` is the compiled file at `fileRel` (relative to the output root, which mirrors the
 * project root); returns it with every aliased require made relative, and the specifiers changed.
 */
function rewriteAliases(code, fileRel, table) {
  const rewritten = [];
  const out = code.replace(REQUIRE, (whole, quote, specifier) => {
    const target = resolveAlias(table, specifier);
    if (target === undefined) return whole;
    let path = relative(dirname(fileRel), target).split(sep).join('/');
    if (!path.startsWith('.')) path = `./${path}`;
    rewritten.push(specifier);
    return `require(${quote}${path}${quote})`;
  });
  return { code: out, rewritten };
}

module.exports = { aliasTable, resolveAlias, rewriteAliases };
