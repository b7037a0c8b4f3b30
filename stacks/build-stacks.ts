// The stacks of a config, in creation order.
import { App } from 'cdktf';
import { ExistingPulpConfig, ReleaseTrainConfig } from '../config/model';
import { IPulpServer, PulpServer } from '../constructs';
import { ArkStack } from './ark-stack';
import { MirrorStack } from './mirror-stack';
import { BuildHostStack } from './build-host-stack';
import { TestEnvironmentStack } from './test-environment-stack';
import { ReleaseTrainStack } from './release-train-stack';
import { SourceReposStack } from './source-repos-stack';
import { SynthSwitchError } from './synth-errors';

/** Ark as an existing Pulp: a construct outside every stack, since no stack provisions it. */
function existingArk(app: App, ark: ExistingPulpConfig): IPulpServer {
  return PulpServer.fromAttributes(app, `existing-${ark.name}`, { apiUrl: ark.url, contentUrl: ark.contentUrl });
}

export interface StackOptions {
  /**
   * Whether Ark and the mirrors run their release tasks after provisioning. Off (RELEASE_TRAIN_TASKS=off) is an
   * infrastructure-only apply: a new server whose Pulp nobody can reach yet (the test bed's fake hypervisor runs
   * no guest) gets its instance, volumes and network, and no task waits for it.
   */
  readonly tasks: boolean;
}

/** RELEASE_TRAIN_TASKS: unset or `on` runs the tasks, `off` leaves them out; anything else is an error. */
export function tasksSwitch(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'on') return true;
  if (value === 'off') return false;
  throw new SynthSwitchError(`RELEASE_TRAIN_TASKS: expected on or off, got "${value}"`);
}

/**
 * One stack per config entry (`ark`, `mirror-<site>`, `test-<env>`, `builders-<pool>`), in creation order,
 * and `source-repos` when the config has `sourceRepos`.
 */
export function buildStacks(
  app: App,
  config: ReleaseTrainConfig,
  options: StackOptions = { tasks: true },
): ReleaseTrainStack[] {
  const taskConfig = options.tasks ? config : undefined;
  const stacks: ReleaseTrainStack[] = [];
  const ark =
    config.ark && config.openstack
      ? new ArkStack(app, 'ark', {
          openstack: config.openstack,
          ark: config.ark,
          backend: config.backend,
          config: taskConfig,
        })
      : undefined;
  if (ark) stacks.push(ark);
  // The loader has checked that every mirror's upstream is this config's Ark, made here or existing.
  const upstream = ark?.pulp ?? (config.existingArk && existingArk(app, config.existingArk));
  for (const mirror of config.mirrors) {
    if (!upstream) continue;
    stacks.push(
      new MirrorStack(app, `mirror-${mirror.name}`, {
        mirror,
        upstream,
        openstack: config.openstack,
        backend: config.backend,
        config: taskConfig,
      }),
    );
  }
  const openstack = config.openstack;
  if (openstack) {
    for (const environment of config.testEnvironments) {
      stacks.push(
        new TestEnvironmentStack(app, `test-${environment.name}`, { openstack, environment, backend: config.backend }),
      );
    }
    for (const pool of config.buildHostPools) {
      stacks.push(new BuildHostStack(app, `builders-${pool.name}`, { openstack, pool, backend: config.backend }));
    }
  }
  if (config.sourceRepos) {
    stacks.push(
      new SourceReposStack(app, 'source-repos', { sourceRepos: config.sourceRepos, backend: config.backend }),
    );
  }
  return stacks;
}
