// `test-cloud sweep`: finds the OpenStack resources of test-cloud runs that are gone and deletes them. A
// resource belongs to a run by its marker: the tag `release-train-prefix=<prefix>` (servers, ports,
// security groups, floating IPs), the same key in a volume's metadata, or a key pair's name
// `<prefix>-keypair`; the prefix `ci-<run id>-<attempt>-<env>` names the run. A run is gone when GitHub
// says it is completed or no longer has it, or (with maxAgeHours) when its oldest resource is older than that.
import { PREFIX_TAG_KEY } from '../../config/test-env-reader';
import { GitHubRuns, RunState } from './github-runs';
import { OpenStackApi, OpenStackService } from './openstack-api';
import { runOfPrefix } from './prefix';

interface KindSpec {
  readonly kind: string;
  readonly service: OpenStackService;
  readonly listPath: string;
  readonly key: string;
  readonly itemPath: (resource: MarkedResource) => string;
}

/** Listed, and deleted, in this order: servers first (their ports and volumes are in use until they go). */
const KINDS: readonly KindSpec[] = [
  {
    kind: 'server',
    service: 'compute',
    listPath: '/servers/detail',
    key: 'servers',
    itemPath: (r) => `/servers/${r.id}`,
  },
  {
    kind: 'floating IP',
    service: 'network',
    listPath: '/floatingips',
    key: 'floatingips',
    itemPath: (r) => `/floatingips/${r.id}`,
  },
  { kind: 'port', service: 'network', listPath: '/ports', key: 'ports', itemPath: (r) => `/ports/${r.id}` },
  {
    kind: 'volume',
    service: 'volume',
    listPath: '/volumes/detail',
    key: 'volumes',
    itemPath: (r) => `/volumes/${r.id}`,
  },
  {
    kind: 'security group',
    service: 'network',
    listPath: '/security-groups',
    key: 'security_groups',
    itemPath: (r) => `/security-groups/${r.id}`,
  },
  {
    kind: 'key pair',
    service: 'compute',
    listPath: '/os-keypairs',
    key: 'keypairs',
    itemPath: (r) => `/os-keypairs/${encodeURIComponent(r.name)}`,
  },
];

export interface MarkedResource {
  readonly kind: string;
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly runId: string;
  /** When it was made, if the API says (key pairs do not). */
  readonly created?: Date;
}

/** The run marker of one listed resource, if it carries one that a CI run made. */
export function markedResource(kind: string, raw: any): MarkedResource | undefined {
  const item = kind === 'key pair' ? (raw.keypair ?? raw) : raw;
  const name: string = item.name ?? '';
  let prefix: string | undefined;
  if (kind === 'key pair') prefix = /^(.+)-keypair$/.exec(name)?.[1];
  else if (kind === 'volume') prefix = item.metadata?.[PREFIX_TAG_KEY];
  else {
    const tag = (item.tags ?? []).find((t: unknown) => typeof t === 'string' && t.startsWith(`${PREFIX_TAG_KEY}=`));
    prefix = tag?.slice(PREFIX_TAG_KEY.length + 1);
  }
  if (!prefix) return undefined;
  const run = runOfPrefix(prefix);
  // A named resource must also carry the prefix in its name: a stray tag alone marks nothing for deletion.
  if (!run || (kind !== 'floating IP' && !name.startsWith(`${prefix}-`))) return undefined;
  const createdText = item.created ?? item.created_at;
  const created = createdText
    ? new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(createdText) ? createdText : `${createdText}Z`)
    : undefined;
  return {
    kind,
    id: item.id ?? name,
    name: name || item.description || item.floating_ip_address || item.id,
    prefix,
    runId: run.runId,
    created: created && !Number.isNaN(created.getTime()) ? created : undefined,
  };
}

export interface RunVerdict {
  readonly runId: string;
  readonly resources: readonly MarkedResource[];
  readonly sweep: boolean;
  readonly why: string;
  /** GitHub could not say, and no age limit decided instead. */
  readonly unknown: boolean;
}

/** Whether a run's resources go: GitHub's word, or the age limit over an unknown or still-running run. */
export function verdict(
  runId: string,
  resources: readonly MarkedResource[],
  state: RunState,
  now: Date,
  maxAgeHours?: number,
): RunVerdict {
  if ('gone' in state && state.gone) return { runId, resources, sweep: true, why: state.why, unknown: false };
  const times = resources.map((r) => r.created?.getTime()).filter((t): t is number => t !== undefined);
  const ageHours = times.length ? (now.getTime() - Math.min(...times)) / 3_600_000 : undefined;
  const said = 'gone' in state ? state.why : `GitHub did not say (${state.unknown})`;
  if (maxAgeHours !== undefined && ageHours !== undefined && ageHours > maxAgeHours) {
    return {
      runId,
      resources,
      sweep: true,
      why: `${said}, but made ${ageHours.toFixed(1)} h ago (over ${maxAgeHours} h)`,
      unknown: false,
    };
  }
  return { runId, resources, sweep: false, why: said, unknown: !('gone' in state) };
}

export interface SweepOptions {
  readonly openstack: OpenStackApi;
  readonly github: GitHubRuns;
  readonly dryRun: boolean;
  readonly maxAgeHours?: number;
  /** How long to wait for servers to go and for volumes and groups to be free. @default 900 */
  readonly waitSeconds?: number;
  readonly out: (line: string) => void;
  /** @default - a real pause */
  readonly pause?: (ms: number) => Promise<void>;
  readonly now?: Date;
}

/** Lists, decides and (unless dryRun) deletes; returns how many deletions failed or runs were unknown. */
export async function sweep(options: SweepOptions): Promise<{ deleted: number; kept: number; problems: number }> {
  const { openstack, out } = options;
  const marked: MarkedResource[] = [];
  for (const spec of KINDS) {
    for (const raw of await openstack.list(spec.service, spec.listPath, spec.key)) {
      const resource = markedResource(spec.kind, raw);
      if (resource) marked.push(resource);
    }
  }
  const runIds = [...new Set(marked.map((r) => r.runId))].sort();
  out(`sweep: ${marked.length} resource(s) of ${runIds.length} run(s) carry a run marker (${PREFIX_TAG_KEY})`);
  const verdicts: RunVerdict[] = [];
  for (const runId of runIds) {
    const resources = marked.filter((r) => r.runId === runId);
    const v = verdict(
      runId,
      resources,
      await options.github.state(runId),
      options.now ?? new Date(),
      options.maxAgeHours,
    );
    verdicts.push(v);
    const prefixes = [...new Set(resources.map((r) => r.prefix))].join(', ');
    out(`run ${runId} (${prefixes}): ${v.sweep ? 'gone' : 'kept'}: ${v.why}; ${resources.length} resource(s)`);
  }
  const doomed = verdicts.filter((v) => v.sweep).flatMap((v) => v.resources);
  const kept = marked.length - doomed.length;
  const unknown = verdicts.filter((v) => v.unknown).length;
  if (options.dryRun) {
    for (const r of doomed) out(`would delete ${r.kind} ${r.name} (${r.id})`);
    out(`sweep --dry-run: would delete ${doomed.length}, keep ${kept}${unknown ? `; ${unknown} run(s) unknown` : ''}`);
    return { deleted: 0, kept, problems: unknown };
  }
  const failed = await deleteInOrder(openstack, doomed, options);
  const deleted = doomed.length - failed;
  out(
    `sweep: deleted ${deleted}, kept ${kept}${failed ? `, failed ${failed}` : ''}${unknown ? `; ${unknown} run(s) unknown` : ''}`,
  );
  return { deleted, kept, problems: failed + unknown };
}

async function deleteInOrder(openstack: OpenStackApi, doomed: readonly MarkedResource[], options: SweepOptions) {
  const pause = options.pause ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + (options.waitSeconds ?? 900) * 1000;
  let failed = 0;
  for (const spec of KINDS) {
    let pending = doomed.filter((r) => r.kind === spec.kind);
    const accepted: MarkedResource[] = [];
    // A port, volume or group still in use is refused (409/400) until what uses it has gone: try again.
    while (pending.length > 0) {
      const refused: MarkedResource[] = [];
      for (const r of pending) {
        try {
          if (await openstack.delete(spec.service, spec.itemPath(r))) {
            options.out(`deleted ${r.kind} ${r.name} (${r.id})`);
            accepted.push(r);
          } else refused.push(r);
        } catch (error) {
          options.out(`failed to delete ${r.kind} ${r.name} (${r.id}): ${(error as Error).message}`);
          failed++;
        }
      }
      if (refused.length === 0 || Date.now() > deadline) {
        for (const r of refused) options.out(`gave up on ${r.kind} ${r.name} (${r.id}): still in use`);
        failed += refused.length;
        break;
      }
      pending = refused;
      await pause(5000);
    }
    if (spec.kind === 'server') failed += await waitUntilGone(openstack, accepted, deadline, pause, options.out);
  }
  return failed;
}

/** Servers are deleted asynchronously: their ports and volumes are free only once they are gone. */
async function waitUntilGone(
  openstack: OpenStackApi,
  servers: readonly MarkedResource[],
  deadline: number,
  pause: (ms: number) => Promise<void>,
  out: (line: string) => void,
): Promise<number> {
  let left = [...servers];
  while (left.length > 0) {
    const still: MarkedResource[] = [];
    for (const s of left) if (await openstack.exists('compute', `/servers/${s.id}`)) still.push(s);
    if (still.length === 0) return 0;
    if (Date.now() > deadline) {
      for (const s of still) out(`server ${s.name} (${s.id}) is still there`);
      return still.length;
    }
    left = still;
    await pause(5000);
  }
  return 0;
}
