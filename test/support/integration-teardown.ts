import { stopHarness } from '../../testbed/pulp/harness';

export default async function integrationTeardown(): Promise<void> {
  await stopHarness((line) => console.log(`[pulp-harness] ${line}`));
}
