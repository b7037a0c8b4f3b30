// Stops every process of the test bed's OpenStack, by PID, whether the tests passed or not (when the setup
// started it).
import { stopOpenStack } from '../../testbed/openstack/harness';

export default async function cloudTeardown(): Promise<void> {
  if ((globalThis as { startedOpenStack?: boolean }).startedOpenStack) await stopOpenStack();
}
