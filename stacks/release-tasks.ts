// The release-train tasks a Pulp stack runs after provisioning (constructs/release-task.ts): wait until the
// Pulp is ready, then one task per part of the content config (tasks/content-scope.ts): `access`, and each
// repository, reconciled or, on a client mirror where it is pinned, mirrored from the upstream at its pin.
// A change to one repository (or one pin) reruns only that repository's task. Sync, publish and promotion on
// Ark stay CLI and CI jobs: they follow upstream content, not infrastructure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Construct } from 'constructs';
import { MirrorContentSet, ReleaseTrainConfig } from '../config/model';
import { IPulpServer, ReleaseTask } from '../constructs';
import {
  ACCESS_SCOPE,
  contentScopes,
  ContentScope,
  groupKeyOf,
  groupScopes,
  repositoryScopeId,
  ScopeGroup,
} from '../tasks/content-scope';
import { readImageVersions, readRepoVersions } from '../tasks/kayobe-versions';
import { pinnedContent } from '../tasks/mirror';
import { PROJECT_ROOT_FROM_STACK_DIR } from './backend';

/**
 * A path as the CLI sees it from `cdktf.out/stacks/<stack>`: relative, never this machine's absolute one.
 * Relative to the folder cdktf runs the app in (cdktf.json's, where cdktf.out is), not to where the app's
 * code lives: a project may link dist/ from a checkout elsewhere, and Node resolves that link.
 */
export function fromStackDir(file: string, projectDir: string = process.cwd()): string {
  return path.posix.join(PROJECT_ROOT_FROM_STACK_DIR, path.relative(projectDir, file).split(path.sep).join('/'));
}

export interface PulpTasksProps {
  readonly config: ReleaseTrainConfig;
  readonly target: IPulpServer;
  /** The target server's instance, when this stack made it: a rebuilt server reruns every task. */
  readonly targetIdentity?: string;
  /** For a mirror: the pins to mirror, where from, and which content set of the config it holds. */
  readonly mirror?: {
    readonly versionsFile: string;
    readonly upstream: IPulpServer;
    readonly content?: MirrorContentSet;
  };
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

/** The id of a task: construct ids cannot hold `/`. */
function taskId(verb: string, id: string): string {
  return `${verb}-${id.replace(/[/:]/g, '-')}`;
}

/** Whether a content set holds a container repository: released ones on a client, development on the test Pulp. */
function holdsContainer(set: MirrorContentSet, scope: ContentScope): boolean {
  const container = scope.content.container[0];
  return set === 'development' ? container.push : !container.push && !container.url;
}

/**
 * What converges each scope on this Pulp: reconcile (Ark, or a site's own config), mirror (a pinned package
 * or image build, or on a mirror with a content set its container images), or nothing (not in the set).
 */
function verbOf(
  scope: ContentScope,
  pin: string | undefined,
  mirror: PulpTasksProps['mirror'],
): 'reconcile' | 'mirror' | undefined {
  if (!mirror) return 'reconcile';
  if (pin) return 'mirror';
  if (!mirror.content) return 'reconcile';
  return scope.repository?.type === 'container' && holdsContainer(mirror.content, scope) ? 'mirror' : undefined;
}

/**
 * The tasks, in the order they run, under a `Tasks` construct of `stack`: one per scope or group of scopes
 * (tasks/content-scope.ts groupScopes). Reconciled packages are grouped by sync group and containers by image;
 * a mirrored package or image build keeps a task of its own, so that a new pin resyncs only that repository.
 */
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
  const verbs = new Map<ContentScope, 'reconcile' | 'mirror'>();
  for (const part of contentScopes(props.config.content)) {
    const verb = verbOf(part, pins.get(part.id), props.mirror);
    if (verb) verbs.set(part, verb);
  }
  const grouped = groupScopes([...verbs.keys()], (part) => {
    const verb = verbs.get(part)!;
    const key = groupKeyOf(part);
    // A pinned package or image build mirrors alone. Groups never mix verbs: a container is mirrored only on
    // a mirror with a content set, where no container is reconciled.
    return verb === 'mirror' && part.repository?.type !== 'container' ? undefined : key;
  });
  const tasks = [ready];
  let access: ReleaseTask | undefined;
  for (const part of grouped) {
    const first = 'scopes' in part ? part.scopes[0] : part;
    const verb = verbs.get(first)!;
    const after = [access ?? ready];
    if (verb === 'mirror') {
      tasks.push(mirrorTask(scope, props, part, pins.get(part.id), { common, configArg, after }));
      continue;
    }
    const single = 'repository' in part ? part.repository : undefined;
    const task = new ReleaseTask(scope, taskId('Reconcile', part.id), {
      ...common,
      description: `reconcile ${part.id} into ${props.target.apiUrl}`,
      args: ['reconcile', ...configArg, '--only', part.id],
      inputs: part.content,
      rerunsWhen:
        part.id === ACCESS_SCOPE
          ? 'groups, users, content guards or namespaces change'
          : single
            ? 'its config changes'
            : 'the config of one of its repositories changes',
      after,
    });
    if (part.id === ACCESS_SCOPE) access = task;
    tasks.push(task);
  }
  return tasks;
}

function mirrorTask(
  scope: Construct,
  props: PulpTasksProps,
  part: ContentScope | ScopeGroup,
  pin: string | undefined,
  shared: { common: object; configArg: string[]; after: ReleaseTask[] },
): ReleaseTask {
  const mirror = props.mirror!;
  const upstream = mirror.upstream.contentUrl;
  // Container images come from the upstream's registry; packages and image builds from its content app.
  const images = 'scopes' in part || part.repository?.type === 'container';
  const set = mirror.content ? ['--content', mirror.content] : [];
  const registry = images ? ['--ark-registry-url', mirror.upstream.apiUrl] : [];
  return new ReleaseTask(scope, taskId('Mirror', part.id), {
    ...(shared.common as { target: IPulpServer }),
    description: images
      ? `mirror ${part.id} from ${mirror.upstream.apiUrl}`
      : `mirror ${part.id} at ${pin} from ${upstream}`,
    args: [
      'mirror',
      ...shared.configArg,
      '--only',
      part.id,
      '--versions',
      fromStackDir(mirror.versionsFile),
      '--ark-content-url',
      upstream,
      ...registry,
      ...set,
    ],
    // A task that existed before content sets hashes as it did: the set joins its inputs only when given.
    inputs: {
      content: part.content,
      ...(pin ? { pin } : {}),
      upstream,
      ...(mirror.content ? { set: mirror.content } : {}),
    },
    rerunsWhen: images ? 'its images or the upstream change' : 'its pin, its config or the upstream change',
    timeoutSeconds: 3600,
    after: shared.after,
  });
}
