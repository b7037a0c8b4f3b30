// The release-train tasks a Pulp stack runs after provisioning (constructs/release-task.ts): wait until the
// Pulp is ready, reconcile the content config into it and, for a client mirror with pinned versions, mirror
// those from its upstream. Sync, publish and promotion on Ark stay CLI and CI jobs: they follow upstream
// content, not infrastructure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { PROJECT_ROOT } from '../config/project-root';
import { ReleaseTrainConfig } from '../config/model';
import { IPulpServer, ReleaseTask } from '../constructs';
import { PROJECT_ROOT_FROM_STACK_DIR } from './backend';

/** A path as the CLI sees it from `cdktf.out/stacks/<stack>`: relative, never this machine's absolute one. */
function fromStackDir(file: string): string {
  return path.posix.join(PROJECT_ROOT_FROM_STACK_DIR, path.relative(PROJECT_ROOT, file).split(path.sep).join('/'));
}

export interface PulpTasksProps {
  readonly config: ReleaseTrainConfig;
  readonly target: IPulpServer;
  /** The target server's instance, when this stack made it: a rebuilt server reruns every task. */
  readonly targetIdentity?: string;
  /** For a mirror: the pins to mirror and where from. */
  readonly mirror?: { readonly versionsFile: string; readonly upstream: IPulpServer };
}

/** The tasks, in the order they run, under a `Tasks` construct of `stack`. */
export function pulpTasks(stack: Construct, props: PulpTasksProps): ReleaseTask[] {
  const scope = new Construct(stack, 'Tasks');
  const configArg = ['--config', fromStackDir(props.config.sourceFile)];
  const ready = new ReleaseTask(scope, 'WaitReady', {
    description: `wait until ${props.target.apiUrl} is ready`,
    args: ['wait-ready', '--timeout', '900'],
    target: props.target,
    targetIdentity: props.targetIdentity,
    inputs: {},
    rerunsWhen: 'the server is replaced (a new instance or API origin)',
    timeoutSeconds: 960,
  });
  const reconcile = new ReleaseTask(scope, 'Reconcile', {
    description: `reconcile the content config into ${props.target.apiUrl}`,
    args: ['reconcile', ...configArg],
    target: props.target,
    targetIdentity: props.targetIdentity,
    inputs: props.config.content,
    rerunsWhen: 'the content section of the config changes',
    after: [ready],
  });
  if (!props.mirror) return [ready, reconcile];
  const versions = fs.readFileSync(props.mirror.versionsFile, 'utf8');
  const mirror = new ReleaseTask(scope, 'Mirror', {
    description: `mirror the pinned snapshots of ${props.mirror.upstream.apiUrl}`,
    args: [
      'mirror',
      ...configArg,
      '--versions',
      fromStackDir(props.mirror.versionsFile),
      '--ark-content-url',
      props.mirror.upstream.contentUrl,
    ],
    target: props.target,
    targetIdentity: props.targetIdentity,
    inputs: { content: props.config.content, versions, upstream: props.mirror.upstream.contentUrl },
    rerunsWhen: 'the pinned versions, the content section or the upstream change',
    timeoutSeconds: 3600,
    after: [reconcile],
  });
  return [ready, reconcile, mirror];
}
