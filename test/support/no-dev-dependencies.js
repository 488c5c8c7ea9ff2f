/**
 * Preloaded (node --require) into a compiled service or CLI by test/build/compiled.e2e-spec.ts: any
 * require of a development-only package (the TypeScript compiler, its loaders, the test runner)
 * throws, so a production image (npm ci --omit=dev) would fail the same way. The spec sees the
 * process exit instead of becoming ready.
 */
const Module = require('node:module');
const DEV_ONLY = /^(typescript|ts-node|tsconfig-paths|ts-jest|jest|@nestjs\/testing|fast-check|esbuild)(\/|$)/;
const load = Module._load;
Module._load = function guardedLoad(request, ...rest) {
  if (DEV_ONLY.test(request)) throw new Error(`a development dependency was required at run time: ${request}`);
  return load.call(this, request, ...rest);
};
