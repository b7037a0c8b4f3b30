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

/** Ark as an existing Pulp: a construct outside every stack, since no stack provisions it. */
function existingArk(app: App, ark: ExistingPulpConfig): IPulpServer {
  return PulpServer.fromAttributes(app, `existing-${ark.name}`, { apiUrl: ark.url, contentUrl: ark.contentUrl });
}

/**
 * One stack per config entry (`ark`, `mirror-<site>`, `test-<env>`, `builders-<pool>`), in creation order,
 * and `source-repos` when the config has `sourceRepos`.
 */
export function buildStacks(app: App, config: ReleaseTrainConfig): ReleaseTrainStack[] {
  const stacks: ReleaseTrainStack[] = [];
  const ark =
    config.ark && config.openstack
      ? new ArkStack(app, 'ark', { openstack: config.openstack, ark: config.ark, backend: config.backend, config })
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
        config,
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
