import { App } from 'cdktf';
import { ReleaseTrainConfig } from '../config/model';
import { ArkStack } from './ark-stack';
import { MirrorStack } from './mirror-stack';
import { ReleaseTrainStack } from './release-train-stack';

export { ArkStack } from './ark-stack';
export type { ArkStackProps } from './ark-stack';
export { MirrorStack } from './mirror-stack';
export type { MirrorStackProps } from './mirror-stack';
export { ReleaseTrainStack } from './release-train-stack';
export { synthErrorMessage } from './synth-errors';

/** One stack per config entry (`ark`, `mirror-<site>`); returns them in creation order. */
export function buildStacks(app: App, config: ReleaseTrainConfig): ReleaseTrainStack[] {
  const stacks: ReleaseTrainStack[] = [];
  const ark =
    config.ark && config.openstack
      ? new ArkStack(app, 'ark', { openstack: config.openstack, ark: config.ark, backend: config.backend })
      : undefined;
  if (ark) stacks.push(ark);
  for (const mirror of config.mirrors) {
    // The loader has checked that every mirror's upstream is this config's Ark.
    if (!ark) continue;
    stacks.push(
      new MirrorStack(app, `mirror-${mirror.name}`, {
        mirror,
        upstream: ark.pulp,
        openstack: config.openstack,
        backend: config.backend,
      }),
    );
  }
  return stacks;
}
