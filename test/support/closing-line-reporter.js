// Prints the plain closing line `tests: N passed, N failed, N skipped` that CI reads. It is written at
// process exit so that it comes after everything jest's own reporters print.
class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    process.once('exit', () => process.stdout.write(`\n${line}`));
  }
}
module.exports = ClosingLineReporter;
