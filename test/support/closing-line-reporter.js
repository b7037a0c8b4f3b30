// Prints the plain closing line `tests: N passed, N failed, N skipped` that CI reads. It is written at
// process exit so that it comes after everything jest's own reporters print.
//
// "failed" counts failed tests and, so that the line never says 0 while jest exits non-zero, every failure
// that is not a test's: a suite that failed to load (throws at import, a syntax error: testExecError), a
// suite whose hooks failed with no failing test (afterAll), a run that jest itself aborted (runExecError)
// and snapshot failures (obsolete or unwritten snapshots under --ci). A failure before any test file runs
// (a globalSetup that throws) stops jest before reporters exist: then there is no closing line at all, and
// CI treats a missing line as a failure.
class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `tests: ${results.numPassedTests} passed, ${failedCount(results)} failed, ${skipped} skipped\n`;
    process.once('exit', () => process.stdout.write(`\n${line}`));
  }
}

function failedCount(results) {
  const suitesFailedOutsideTests = results.testResults.filter(
    (suite) => suite.testExecError !== undefined || (suite.failureMessage && suite.numFailingTests === 0),
  ).length;
  return (
    results.numFailedTests +
    suitesFailedOutsideTests +
    (results.runExecError ? 1 : 0) +
    (results.snapshot.failure ? 1 : 0)
  );
}

module.exports = ClosingLineReporter;
