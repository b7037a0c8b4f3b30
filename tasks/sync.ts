// Sync: each synced repository of the config from its remote, with the release train's sync modes (rpm
// sync_policy, deb mirror). Never dispatches a second sync of a repository that already has one waiting or
// running: it waits for that one instead.
import { ContentConfig } from '../config/content';
import { NotFoundError, PulpClient, Task, TaskFailedError } from '../pulp';
import { ENTITIES, EntityKind } from '../pulp/entities';

export interface SyncTarget {
  readonly kind: EntityKind;
  readonly name: string;
  readonly syncGroup?: string;
  /** Sync body besides the remote: the mode of the repository's type. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface SyncResult {
  readonly target: SyncTarget;
  readonly taskHref: string;
  /** True when the sync made a new repository version. */
  readonly changed: boolean;
  /** False when a sync already running was awaited instead of dispatching one. */
  readonly dispatched: boolean;
}

/** The repositories of the config that sync, optionally only some names or one sync group. */
export function syncTargets(
  content: ContentConfig,
  filter: { names?: readonly string[]; syncGroup?: string } = {},
): SyncTarget[] {
  const targets: SyncTarget[] = [
    ...content.rpm
      .filter((r) => r.sync && r.url)
      .map((r) => ({
        kind: 'rpm-repository' as const,
        name: r.name,
        syncGroup: r.syncGroup,
        options: { sync_policy: r.syncPolicy },
      })),
    ...content.deb
      .filter((r) => r.sync && r.url)
      .map((r) => ({
        kind: 'deb-repository' as const,
        name: r.name,
        syncGroup: r.syncGroup,
        options: { mirror: r.mirror },
      })),
    ...content.container
      .filter((r) => r.url)
      .map((r) => ({ kind: 'container-repository' as const, name: r.name, options: { mirror: false } })),
    ...content.file
      .filter((r) => r.url)
      .map((r) => ({ kind: 'file-repository' as const, name: r.name, options: { mirror: true } })),
  ];
  return targets.filter(
    (t) =>
      (!filter.names?.length || filter.names.includes(t.name)) &&
      (!filter.syncGroup || t.syncGroup === filter.syncGroup),
  );
}

export async function syncRepository(
  pulp: PulpClient,
  target: SyncTarget,
  onProgress?: (task: Task) => void,
): Promise<SyncResult> {
  const definition = ENTITIES[target.kind];
  const subject = `${definition.label} "${target.name}"`;
  const [repository] = await pulp.list<{ pulp_href: string; remote: string | null }>(
    definition.path,
    { name: target.name },
    1,
  );
  if (!repository) throw new NotFoundError(`${subject} does not exist in Pulp; run \`release-train reconcile\` first`);
  if (!repository.remote) throw new NotFoundError(`${subject} has no remote; run \`release-train reconcile\` first`);
  const [running] = await pulp.list<Task>(
    'tasks/',
    { reserved_resources: repository.pulp_href, state__in: 'waiting,running' },
    1,
  );
  const wait = { subject, onProgress, timeoutMs: 6 * 3600_000 };
  const dispatch = async () =>
    (await pulp.action(`${repository.pulp_href}sync/`, { remote: repository.remote, ...target.options }, wait)) as Task;
  if (running) {
    try {
      const task = await pulp.waitForTask(running.pulp_href, wait);
      return {
        target,
        taskHref: task.pulp_href,
        changed: (task.created_resources ?? []).length > 0,
        dispatched: false,
      };
    } catch (error) {
      // Somebody else's sync that failed (or whose worker died) is no answer to this one: sync anew. Pulp
      // queues it behind an abandoned task until its worker clean-up clears that one.
      if (!(error instanceof TaskFailedError)) throw error;
    }
  }
  const task = await dispatch();
  return { target, taskHref: task.pulp_href, changed: (task.created_resources ?? []).length > 0, dispatched: true };
}
