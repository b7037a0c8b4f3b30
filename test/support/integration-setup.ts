// Integration tests run the project-built tools and two real Pulp servers: check the former
// are installed, start the latter (stopped again by integration-teardown.ts, also when tests fail).
import { startHarness, stopHarness } from '../../testbed/pulp/harness';
import { missingComponents } from '../../scripts/toolchain';
import { failingSetupCounts } from './closing-line-reporter';

async function integrationSetup(): Promise<void> {
  const missing = missingComponents();
  if (missing.length > 0) {
    throw new Error(
      `toolchain not built (${missing.join(', ')}): run \`npm run tools\`, or \`npm test\`, which builds it`,
    );
  }
  await stopHarness(); // a run killed before its teardown leaves one behind
  const state = await startHarness((line) => console.log(`[pulp-harness] ${line}`));
  process.env.RELEASE_TRAIN_PULP_STATE = `${state.runDir}/state.json`;
}

export default failingSetupCounts(integrationSetup);
