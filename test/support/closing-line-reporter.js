// Prints the plain closing line `tests: N passed, N failed, N skipped` that CI reads. It is written at
// process exit so that it comes after everything jest's own reporters print.
//
// "failed" counts failed tests and, so that the line never says 0 while jest exits non-zero, every failure
// that is not a test's: a suite that failed to load (throws at import, a syntax error: testExecError), a
// suite whose hooks failed with no failing test (afterAll), a run that jest itself aborted (runExecError)
// and snapshot failures (obsolete or unwritten snapshots under --ci). A globalSetup that throws stops jest
// before any reporter runs; the setups are wrapped in `failingSetupCounts`, which writes the line for them.
const fs = require('node:fs');

class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    writeAtExit(results.numPassedTests, failedCount(results), skipped);
  }
}

// Written to fd 1 directly: when jest fails it exits through exit-x, which turns process.stdout.write into a
// no-op before the exit handlers run. Under testbed/run-tests.ts, which runs two jest processes and prints one
// line for both, the counts go to the file it names instead.
function writeAtExit(passed, failed, skipped) {
  const countsFile = process.env.RELEASE_TRAIN_CLOSING_COUNTS;
  if (countsFile) {
    fs.writeFileSync(countsFile, JSON.stringify({ passed, failed, skipped }));
    return;
  }
  const line = `tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`;
  process.once('exit', () => fs.writeSync(1, `\n${line}`));
}

/** Wraps a jest globalSetup so that its failure still ends the run with a closing line saying 1 failed. */
function failingSetupCounts(setup) {
  return async (...args) => {
    try {
      return await setup(...args);
    } catch (error) {
      writeAtExit(0, 1, 0);
      throw error;
    }
  };
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
module.exports.failingSetupCounts = failingSetupCounts;
