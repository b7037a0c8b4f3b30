// Integration tests run the project-built tofu and providers; fail early and clearly when they are missing.
import { missingComponents } from '../../scripts/toolchain';

export default async function integrationSetup(): Promise<void> {
  const missing = missingComponents();
  if (missing.length > 0) {
    throw new Error(
      `toolchain not built (${missing.join(', ')}): run \`npm run tools\`, or \`npm test\`, which builds it`,
    );
  }
}
