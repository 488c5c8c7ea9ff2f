/** Unit specs: next to the code in apps/ and libs/. */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

module.exports = {
  rootDir: '.',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/scripts'],
  testRegex: '.*\\.spec\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  testEnvironment: 'node',
  // Case specs replay whole scenarios through the real optimizer: well under a second alone, but
  // jest's 5 s default was hit on a 2-core machine under load. 30 s still catches a hang.
  testTimeout: 30_000,
  reporters: ['default', ['<rootDir>/test/support/summary-reporter.js', { label: 'unit' }]],
};
