// What synthesis reports to a person: one clean message per kind of expected failure (bad config, bad
// construct props, security rule findings), never a stack trace; anything else is a bug and is rethrown.
// Rule findings arrive as config errors (stacks/rule-findings.ts) when synthesised from a config file.
import { ConfigError } from '../config/errors';
import { ReleaseTrainValidationError } from '../constructs/validation';
import { ANNOTATION_ERRORS } from './rule-findings';

/** A bad value in an environment variable that steers synthesis (RELEASE_TRAIN_TASKS). */
export class SynthSwitchError extends Error {}

export function synthErrorMessage(error: unknown): string | undefined {
  if (error instanceof ConfigError || error instanceof ReleaseTrainValidationError || error instanceof SynthSwitchError)
    return error.message;
  if (error instanceof Error && ANNOTATION_ERRORS.test(error.message)) {
    // Drop cdktf's hint to ignore the findings with an environment variable: suppressions carry reasons.
    return error.message.replace(/\n+Either fix the issues above[\s\S]*$/, '').trim();
  }
  return undefined;
}
