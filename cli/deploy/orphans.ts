// Servers an interrupted apply left behind. The provider learns a server's ID only once Nova answers the
// create, and tofu writes it into the state only once the server is ACTIVE: a tofu killed in between (OOM,
// a cancelled CI job, SIGKILL) leaves a server that no state knows, booted on the stack's own port. The next
// apply would create a second server on that port, which Nova refuses ("Port ... is still in use", 409).
// Found exactly: a port of the state whose device is a server the state does not hold.
import { OpenStackApi } from '../test-cloud/openstack-api';

export interface OrphanServer {
  readonly serverId: string;
  readonly serverName?: string;
  /** The state's port the server holds, and its Terraform address. */
  readonly portId: string;
  readonly portAddress: string;
}

/** The managed resources of `tofu show -json` (root module and children). */
export function stateResources(shown: any): { address: string; type: string; values: any }[] {
  const collect = (module: any): any[] => [
    ...(module?.resources ?? []).filter((r: any) => r.mode === 'managed'),
    ...(module?.child_modules ?? []).flatMap(collect),
  ];
  return collect(shown?.values?.root_module);
}

export async function orphanServers(api: OpenStackApi, shown: any): Promise<OrphanServer[]> {
  const resources = stateResources(shown);
  const known = new Set(
    resources.filter((r) => r.type === 'openstack_compute_instance_v2').map((r) => r.values?.id as string),
  );
  const orphans: OrphanServer[] = [];
  for (const port of resources.filter((r) => r.type === 'openstack_networking_port_v2')) {
    let real: any;
    try {
      real = (await api.get('network', `/ports/${port.values.id}`)).port;
    } catch {
      continue; // gone or unreadable: the apply's refresh will say so
    }
    if (!String(real?.device_owner ?? '').startsWith('compute:') || !real.device_id || known.has(real.device_id))
      continue;
    const server = await api.get('compute', `/servers/${real.device_id}`).catch(() => undefined);
    orphans.push({
      serverId: real.device_id,
      serverName: server?.server?.name,
      portId: port.values.id,
      portAddress: port.address,
    });
  }
  return orphans;
}

/** Deletes each orphan and waits until Nova has let go of its port (its boot volume goes with it). */
export async function deleteOrphans(
  api: OpenStackApi,
  orphans: readonly OrphanServer[],
  timeoutMs = 180_000,
): Promise<void> {
  for (const orphan of orphans) await api.delete('compute', `/servers/${orphan.serverId}`);
  const deadline = Date.now() + timeoutMs;
  for (const orphan of orphans) {
    const held = async () =>
      (await api.exists('compute', `/servers/${orphan.serverId}`)) ||
      (await api.get('network', `/ports/${orphan.portId}`)).port?.device_id === orphan.serverId;
    while (await held()) {
      if (Date.now() > deadline)
        throw new Error(
          `server ${orphan.serverId} still holds port ${orphan.portId} ${timeoutMs / 1000} s after its delete`,
        );
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
