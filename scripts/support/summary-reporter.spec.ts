/* eslint-disable @typescript-eslint/no-require-imports */
import { resolve } from 'node:path';

interface SuiteResult {
  testFilePath: string;
  numFailingTests: number;
  failureMessage?: string | null;
  testExecError?: { message: string };
}
interface Aggregated {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: SuiteResult[];
}

// The reporter is plain JavaScript because jest loads it by path, outside ts-jest.
const { summaryLine } = require(resolve(__dirname, '..', '..', 'test', 'support', 'summary-reporter.js')) as {
  summaryLine: (label: string, results: Aggregated) => string;
};

const run = (suites: SuiteResult[], counts: Partial<Aggregated> = {}): Aggregated => ({
  numPassedTests: 0,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  testResults: suites,
  ...counts,
});

describe('summary line', () => {
  it('counts tests when every suite ran', () => {
    const line = summaryLine('unit', run([{ testFilePath: '/a/x.spec.ts', numFailingTests: 1, failureMessage: 'boom' }], { numPassedTests: 7, numFailedTests: 1, numPendingTests: 2 }));
    expect(line).toBe('unit: 7 passed, 1 failed, 2 skipped');
  });

  it('counts a suite that failed to load as a failure and names it', () => {
    const line = summaryLine(
      'e2e',
      run(
        [
          { testFilePath: '/t/ok.e2e-spec.ts', numFailingTests: 0 },
          { testFilePath: '/t/broken.e2e-spec.ts', numFailingTests: 0, failureMessage: 'Cannot find module', testExecError: { message: 'Cannot find module' } },
        ],
        { numPassedTests: 3 },
      ),
    );
    expect(line).toBe('e2e: 3 passed, 1 failed, 1 suite failed to run: broken.e2e-spec.ts');
  });

  it('counts a suite whose beforeAll failed before any test as a failure', () => {
    const line = summaryLine('e2e', run([{ testFilePath: '/t/hook.e2e-spec.ts', numFailingTests: 0, failureMessage: 'beforeAll timed out' }]));
    expect(line).toBe('e2e: 0 passed, 1 failed, 1 suite failed to run: hook.e2e-spec.ts');
  });
});
