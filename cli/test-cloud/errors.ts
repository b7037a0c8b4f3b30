// The test-cloud steps' own failures, apart from the rest of test-cloud so that cli/exit-codes.ts can map them.

/** A command that ran and failed: its own output has said why. */
export class StepFailedError extends Error {}
/** The config cannot do what was asked (e.g. no backend with per-run state). */
export class TestCloudConfigError extends Error {}
