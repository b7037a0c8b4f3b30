import { App } from 'cdktf';
import { ReleaseTrainConfig } from '../config/model';
import { ArkStack } from './ark-stack';

export { ArkStack } from './ark-stack';
export type { ArkStackProps } from './ark-stack';
export { ReleaseTrainStack } from './release-train-stack';
export { synthErrorMessage } from './synth-errors';

/** One stack per config entry; returns them in creation order. */
export function buildStacks(app: App, config: ReleaseTrainConfig): ArkStack[] {
  const stacks: ArkStack[] = [];
  if (config.ark && config.openstack) {
    stacks.push(new ArkStack(app, 'ark', { openstack: config.openstack, host: config.ark }));
  }
  return stacks;
}
