// The CLI's documented exit codes: one per kind of failure, so that CI and Terraform tasks can tell them apart.
import { ConfigError } from '../config/errors';
import { AuthError, ConnectionError, ForbiddenError, PulpError, TaskFailedError } from '../pulp/errors';
import { UnknownScopeError } from '../tasks/content-scope';
import { MissingSecretError } from '../tasks/desired';
import { ImageMismatchError } from '../tasks/image-file';
import { NothingToPromoteError } from '../tasks/promote';
import { NotReadyError } from '../tasks/readiness';
import { TestCloudConfigError } from './test-cloud/errors';

export const EXIT = {
  ok: 0,
  internal: 1,
  /** `--dry-run --detailed-exitcode` found changes to make. */
  changes: 2,
  /** The config file (or a secret it refers to) is missing or invalid. */
  config: 3,
  /** Pulp refused the credentials (401) or the action (403); for `deploy`, OpenStack's Keystone refused them. */
  auth: 4,
  /** Pulp could not be reached. */
  unreachable: 5,
  /** A Pulp task failed or was canceled. */
  taskFailed: 6,
  /** Any other error answer from Pulp (4xx/5xx, timeout, malformed reply). */
  pulp: 7,
  /** `deploy`: tofu's apply failed; each error was printed as one line. */
  deployFailed: 8,
  /** `deploy`: another run holds the stack's state lock. */
  stateLocked: 9,
  /**
   * `deploy`: what an interrupted apply left: a server on one of the stack's ports (the apply failed; see
   * --delete-orphans), or resources named like the stack's that no state holds (applied; delete them by hand).
   */
  orphans: 10,
  usage: 64,
  /**
   * An image's bytes are not what they should be: its sha256 differs from the one expected (a truncated or
   * different file) or from Pulp's copy, it changed while uploading, or its tag already holds other files.
   */
  mismatch: 65,
} as const;

export class UsageError extends Error {}

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof UnknownScopeError) return EXIT.usage;
  if (error instanceof ImageMismatchError) return EXIT.mismatch;
  if (
    error instanceof ConfigError ||
    error instanceof MissingSecretError ||
    error instanceof NothingToPromoteError ||
    error instanceof TestCloudConfigError
  ) {
    return EXIT.config;
  }
  if (error instanceof AuthError || error instanceof ForbiddenError) return EXIT.auth;
  if (error instanceof ConnectionError || error instanceof NotReadyError) return EXIT.unreachable;
  if (error instanceof TaskFailedError) return EXIT.taskFailed;
  if (error instanceof PulpError) return EXIT.pulp;
  return EXIT.internal;
}
