// A release-train task that Terraform runs after provisioning: `terraform_data` (built into OpenTofu and
// Terraform >= 1.4, so no provider to install) with a local-exec provisioner calling the release-train CLI.
// It reruns exactly when what it depends on changes (a hash of those inputs, and the target server's
// identity), never on an unchanged deploy. The command holds no secret (the CLI reads RELEASE_TRAIN_*
// credentials from the environment `cdktf deploy` passes down, so its progress shows in the deploy log) and
// no absolute path. A failed task fails the deploy and, tainted, reruns on the next one.
import { createHash } from 'node:crypto';
import { DataResource } from 'cdktf';
import { Construct } from 'constructs';
import { IPulpServer } from './pulp-server';
import { validateProps } from './validation';

/** The CLI as run from a stack's working directory, `cdktf.out/stacks/<stack>`. */
const DEFAULT_TASK_CLI = 'node ../../../dist/cli/main.js';

export interface ReleaseTaskProps {
  /** What the task does, for reviewers (plan summary) and the deploy log. */
  readonly description: string;
  /** The release-train command and its arguments, e.g. `['reconcile', '--config', 'x.yaml']` (--pulp-url is added). */
  readonly args: readonly string[];
  /** The Pulp it runs against: its API origin is passed as --pulp-url and is part of the trigger. */
  readonly target: IPulpServer;
  /**
   * What identifies the target server beyond its URL (e.g. its instance ID): a rebuilt server reruns the task.
   * @default - the API origin alone
   */
  readonly targetIdentity?: string;
  /** Exactly what the task depends on (config sections, file contents): a change of it reruns the task. */
  readonly inputs: unknown;
  /** Words for reviewers on what makes it rerun, e.g. `the content section changes`. */
  readonly rerunsWhen: string;
  /**
   * The task is stopped (and fails) after this long.
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Tasks that must have run first.
   * @default []
   */
  readonly after?: readonly ReleaseTask[];
  /**
   * How to run the CLI from the stack's working directory.
   * @default DEFAULT_TASK_CLI
   */
  readonly cli?: string;
}

/** Single-quoted for sh, so that no argument is ever split or expanded. */
function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * A stable JSON form (sorted keys), so that the hash changes only when the inputs do. A key holding an empty
 * list counts as absent (in a config they mean the same), so that a new kind of entry, an empty list in every
 * other task's inputs, reruns none of them.
 */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export class ReleaseTask extends Construct {
  public readonly resource: DataResource;
  public readonly description: string;
  public readonly rerunsWhen: string;
  /** sha256 of the inputs: what the trigger holds. */
  public readonly inputsSha256: string;

  constructor(scope: Construct, id: string, props: ReleaseTaskProps) {
    super(scope, id);
    const timeout = props.timeoutSeconds ?? 600;
    validateProps(this, [
      {
        invalid: !Number.isInteger(timeout) || timeout < 1 || timeout > 86_400,
        message: `timeoutSeconds must be an integer from 1 to 86400, got ${timeout}`,
      },
      { invalid: props.args.length === 0, message: 'args must name a release-train command, got none' },
    ]);
    this.description = props.description;
    this.rerunsWhen = props.rerunsWhen;
    this.inputsSha256 = createHash('sha256').update(canonical(props.inputs)).digest('hex');
    const args = [...props.args, '--pulp-url', props.target.apiUrl].map(shellQuote).join(' ');
    this.resource = new DataResource(this, 'Resource', {
      triggersReplace: {
        inputs_sha256: this.inputsSha256,
        target: props.target.apiUrl,
        ...(props.targetIdentity ? { target_identity: props.targetIdentity } : {}),
      },
      dependsOn: (props.after ?? []).map((task) => task.resource),
      provisioners: [
        {
          type: 'local-exec',
          // coreutils `timeout` (Linux; gtimeout on macOS): a hung task fails the deploy, never holds it.
          command: `echo 'release-train task: ${props.description.replace(/'/g, '')}' && timeout ${timeout} ${props.cli ?? DEFAULT_TASK_CLI} ${args}`,
        },
      ],
    });
  }
}
