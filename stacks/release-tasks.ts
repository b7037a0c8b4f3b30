// The release-train tasks a Pulp stack runs after provisioning (constructs/release-task.ts): wait until the
// Pulp is ready, then one task per part of the content config (tasks/content-scope.ts): `access`, and each
// repository, reconciled or, on a client mirror where it is pinned, mirrored from the upstream at its pin.
// A change to one repository (or one pin) reruns only that repository's task. Sync, publish and promotion on
// Ark stay CLI and CI jobs: they follow upstream content, not infrastructure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { PROJECT_ROOT } from '../config/project-root';
import { ReleaseTrainConfig } from '../config/model';
import { IPulpServer, ReleaseTask } from '../constructs';
import { contentScopes, ContentScope, repositoryScopeId } from '../tasks/content-scope';
import { readImageVersions, readRepoVersions } from '../tasks/kayobe-versions';
import { pinnedContent } from '../tasks/mirror';
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

/**
 * The pin of each published repository and image series that the versions file names, by scope id
 * (`rpm/<name>`, `image/<name>`).
 */
function pinsByRepository(config: ReleaseTrainConfig, versionsFile: string): Map<string, string> {
  const text = fs.readFileSync(versionsFile, 'utf8');
  const { packages, builds } = pinnedContent(config.content, readRepoVersions(text), readImageVersions(text));
  return new Map([
    ...packages.map(({ target, version }) => [repositoryScopeId(target.type, target.repository), version] as const),
    ...builds.map(({ image, tag }) => [repositoryScopeId('image', image.name), tag] as const),
  ]);
}

/** The id of a scope's task: construct ids cannot hold `/`. */
function taskId(verb: string, scope: ContentScope): string {
  return `${verb}-${scope.id.replace(/\//g, '-')}`;
}

/** The tasks, in the order they run, under a `Tasks` construct of `stack`. */
export function pulpTasks(stack: Construct, props: PulpTasksProps): ReleaseTask[] {
  const scope = new Construct(stack, 'Tasks');
  const configArg = ['--config', fromStackDir(props.config.sourceFile)];
  const common = { target: props.target, targetIdentity: props.targetIdentity };
  const ready = new ReleaseTask(scope, 'WaitReady', {
    ...common,
    description: `wait until ${props.target.apiUrl} is ready`,
    args: ['wait-ready', '--timeout', '900'],
    inputs: {},
    rerunsWhen: 'the server is replaced (a new instance or API origin)',
    timeoutSeconds: 960,
  });
  const pins = props.mirror ? pinsByRepository(props.config, props.mirror.versionsFile) : new Map<string, string>();
  const tasks = [ready];
  let access: ReleaseTask | undefined;
  for (const part of contentScopes(props.config.content)) {
    const pin = pins.get(part.id);
    const after = [access ?? ready];
    if (props.mirror && pin) {
      const upstream = props.mirror.upstream.contentUrl;
      tasks.push(
        new ReleaseTask(scope, taskId('Mirror', part), {
          ...common,
          description: `mirror ${part.id} at ${pin} from ${upstream}`,
          args: [
            'mirror',
            ...configArg,
            '--only',
            part.id,
            '--versions',
            fromStackDir(props.mirror.versionsFile),
            '--ark-content-url',
            upstream,
          ],
          inputs: { content: part.content, pin, upstream },
          rerunsWhen: 'its pin, its config or the upstream change',
          timeoutSeconds: 3600,
          after,
        }),
      );
      continue;
    }
    const task = new ReleaseTask(scope, taskId('Reconcile', part), {
      ...common,
      description: `reconcile ${part.id} into ${props.target.apiUrl}`,
      args: ['reconcile', ...configArg, '--only', part.id],
      inputs: part.content,
      rerunsWhen: part.repository ? 'its config changes' : 'groups, users, content guards or namespaces change',
      after,
    });
    if (!part.repository) access = task;
    tasks.push(task);
  }
  return tasks;
}
