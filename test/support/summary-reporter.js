/**
 * Prints one plain closing line per jest run, "<suite>: N passed, N failed[, N skipped]", which CI
 * reads whatever the runner.
 */
class SummaryReporter {
  constructor(_globalConfig, options) {
    this.label = (options && options.label) || 'tests';
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(`${this.label}: ${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`);
  }
}

module.exports = SummaryReporter;
