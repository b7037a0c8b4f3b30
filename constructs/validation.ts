import { Token } from 'cdktf';
import { IConstruct } from 'constructs';

/** A construct's props broke a rule; carries the construct path so that the message can be traced. */
export class ReleaseTrainValidationError extends Error {
  public readonly constructPath: string;

  constructor(message: string, scope: IConstruct) {
    super(`${scope.node.path}: ${message}`);
    this.name = 'ReleaseTrainValidationError';
    this.constructPath = scope.node.path;
  }
}

/** One row of a props rules table: `message` is reported when `invalid` holds. */
export interface PropsRule {
  readonly invalid: boolean;
  readonly message: string;
}

/** Throws for every broken rule at once; messages are lowercase, with the value received and expected. */
export function validateProps(scope: IConstruct, rules: readonly PropsRule[]): void {
  const broken = rules.filter((rule) => rule.invalid).map((rule) => rule.message);
  if (broken.length > 0) throw new ReleaseTrainValidationError(broken.join('; '), scope);
}

/** True when a value is known at synth time; rules skip unresolved tokens. */
export function isResolved(value: unknown): boolean {
  if (typeof value === 'string') return !Token.isUnresolved(value);
  if (typeof value === 'number') return !Token.isUnresolved(value);
  return value !== undefined;
}
