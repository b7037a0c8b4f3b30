// The synthesised JSON of the example configs, as a reviewer would diff it: any change to what the examples
// produce shows up in this snapshot (jest --ci refuses to write a missing or changed one; update it on
// purpose with `npx jest test/unit/stacks/example-snapshot.test.ts -u` and review the diff).
import { Testing } from 'cdktf';
import * as path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../../../config';
import { buildStacks } from '../../../stacks';

describe.each(['release-train.yaml', 'ark-at-scale.yaml'])('config/examples/%s', (file) => {
  const config = loadConfig(path.join(PROJECT_ROOT, 'config', 'examples', file));
  const stacks = buildStacks(Testing.app(), config);

  test.each(stacks.map((stack) => [stack.node.id, stack] as const))('stack %s', (_id, stack) => {
    const json = Testing.synth(stack);
    // Nothing depends on this machine's paths (the local backend's path is relative).
    expect(json).not.toContain(PROJECT_ROOT);
    expect(JSON.parse(json)).toMatchSnapshot();
  });
});
