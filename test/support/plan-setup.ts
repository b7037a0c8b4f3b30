// Plan tests run the project-built tofu and providers (and Debian's cloud-init) but no Pulp: check that the
// toolchain is installed, nothing else.
import { missingComponents } from '../../scripts/toolchain';
import { failingSetupCounts } from './closing-line-reporter';

async function planSetup(): Promise<void> {
  const missing = missingComponents();
  if (missing.length > 0) {
    throw new Error(
      `toolchain not built (${missing.join(', ')}): run \`npm run tools\`, or \`npm test\`, which builds it`,
    );
  }
}

export default failingSetupCounts(planSetup);
