/**
 * Prints one plain closing line per jest run, "<suite>: N passed, N failed[, N skipped]", which CI
 * reads whatever the runner. A suite that fails to run (it does not compile, an import throws, a
 * beforeAll hook fails before any test) has no failed *tests*, so counting tests alone would print
 * "0 failed" for a broken run: each such suite counts as one failure, and is named.
 */
class SummaryReporter {
  constructor(_globalConfig, options) {
    this.label = (options && options.label) || 'tests';
  }

  onRunComplete(_contexts, results) {
    process.stdout.write(`${summaryLine(this.label, results)}\n`);
  }
}

/** Pure so a unit spec can feed it jest's aggregated results. */
function summaryLine(label, results) {
  const broken = (results.testResults || []).filter((suite) => suite.testExecError || (suite.failureMessage && suite.numFailingTests === 0));
  const failed = results.numFailedTests + broken.length;
  const skipped = results.numPendingTests + results.numTodoTests;
  const parts = [`${results.numPassedTests} passed`, `${failed} failed`];
  if (skipped > 0) parts.push(`${skipped} skipped`);
  if (broken.length > 0) {
    const names = broken.map((suite) => require('node:path').basename(suite.testFilePath || 'unknown'));
    parts.push(`${broken.length} suite${broken.length === 1 ? '' : 's'} failed to run: ${names.join(' ')}`);
  }
  return `${label}: ${parts.join(', ')}`;
}

module.exports = SummaryReporter;
module.exports.summaryLine = summaryLine;
