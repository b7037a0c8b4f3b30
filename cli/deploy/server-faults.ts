// Why a server went to ERROR, from Nova: the openstack provider only says "unexpected state 'ERROR'" (its
// "last error" is empty), while Nova keeps the fault (No valid host, quota exceeded at the conductor's
// recheck, a port in use). Shared by `release-train deploy` and test-cloud's retries.
import { OpenStackApi } from '../test-cloud/openstack-api';

/** Every server a create waited for in vain, as tofu or cdktf printed it. */
export function serversInError(output: string): string[] {
  return [
    ...new Set([...output.matchAll(/Error waiting for instance \(([\w-]+)\) to become ready/g)].map((m) => m[1])),
  ];
}

/** Each server's fault, `<message> (<code>)`, by ID; a server whose fault cannot be read says why instead. */
export async function serverFaults(nova: OpenStackApi, ids: readonly string[]): Promise<Map<string, string>> {
  const faults = new Map<string, string>();
  for (const id of ids) {
    try {
      const fault = (await nova.get('compute', `/servers/${id}`)).server?.fault;
      faults.set(id, `${fault?.message ?? 'Nova gives no fault'}${fault?.code ? ` (${fault.code})` : ''}`);
    } catch (error) {
      faults.set(id, `its fault could not be read: ${(error as Error).message}`);
    }
  }
  return faults;
}
