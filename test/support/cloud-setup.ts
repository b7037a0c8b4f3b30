// The `cloud` project's global setup: the toolchain must be built; the test bed's OpenStack is started here
// (cold: initialised first, minutes; warm: under a minute) and its versions printed. A control plane already
// running with every process alive (`node dist/testbed/openstack/harness.js start`, while developing) is used
// as it is and left running afterwards.
import { missingComponents } from '../../scripts/toolchain';
import { alive } from '../../testbed/processes';
import { readOpenStackState, startOpenStack } from '../../testbed/openstack/harness';
import { failingSetupCounts } from './closing-line-reporter';

async function cloudSetup(): Promise<void> {
  const missing = missingComponents();
  if (missing.length > 0) throw new Error(`toolchain not built (${missing.join(', ')}): run \`npm run tools\``);
  const running = readOpenStackState();
  if (running?.catalogue && running.pids.every(alive)) {
    const shown = Object.entries(running.versions).map(([name, version]) => `${name} ${version}`);
    console.error(`[openstack-harness] already running, used as it is: ${shown.join(', ')}`);
    return;
  }
  await startOpenStack();
  (globalThis as { startedOpenStack?: boolean }).startedOpenStack = true;
}

export default failingSetupCounts(cloudSetup);
