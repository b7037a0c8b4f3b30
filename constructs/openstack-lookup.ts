// Existing OpenStack objects by ID or, opted into, by name. An ID goes into the plan as it is, so the plan
// needs no cloud; a name becomes a data source that the provider resolves against the cloud when planning.
import { Construct } from 'constructs';
import { DataOpenstackComputeFlavorV2 } from '../bindings/openstack/data-openstack-compute-flavor-v2';
import { DataOpenstackImagesImageV2 } from '../bindings/openstack/data-openstack-images-image-v2';
import { DataOpenstackNetworkingNetworkV2 } from '../bindings/openstack/data-openstack-networking-network-v2';
import { DataOpenstackNetworkingSecgroupV2 } from '../bindings/openstack/data-openstack-networking-secgroup-v2';
import { DataOpenstackNetworkingSubnetV2 } from '../bindings/openstack/data-openstack-networking-subnet-v2';
import { OpenStackRef } from '../config/model';

export type LookupKind = 'flavor' | 'image' | 'network' | 'subnet' | 'securityGroup';

const LOOKUPS: Record<LookupKind, (scope: Construct, id: string, name: string) => { id: string }> = {
  flavor: (scope, id, name) => new DataOpenstackComputeFlavorV2(scope, id, { name }),
  // The newest of several images with the same name, as `openstack server create --image <name>` would not
  // choose; an image name is meant to be re-pointed at new builds.
  image: (scope, id, name) => new DataOpenstackImagesImageV2(scope, id, { name, mostRecent: true }),
  network: (scope, id, name) => new DataOpenstackNetworkingNetworkV2(scope, id, { name }),
  subnet: (scope, id, name) => new DataOpenstackNetworkingSubnetV2(scope, id, { name }),
  securityGroup: (scope, id, name) => new DataOpenstackNetworkingSecgroupV2(scope, id, { name }),
};

/** The ID of `ref`: its literal ID, or the ID a data source named `id` (in `scope`) looks up by name. */
export function openStackIdOf(scope: Construct, id: string, kind: LookupKind, ref: OpenStackRef): string {
  return 'id' in ref ? ref.id : LOOKUPS[kind](scope, id, ref.name).id;
}

/**
 * A subnet's ID and CIDR. `cidr` is what the config says; without it the CIDR is read from the subnet (a
 * data source, by name or by ID: the plan then needs the cloud). With both a name and a CIDR, the lookup
 * carries a postcondition: a subnet whose CIDR is another fails the plan, saying both.
 */
export function subnetWithCidr(
  scope: Construct,
  id: string,
  ref: OpenStackRef,
  cidr: string | undefined,
  cidrSource: string,
): { subnetId: string; cidr: string } {
  if ('id' in ref && cidr !== undefined) return { subnetId: ref.id, cidr };
  const subnet = new DataOpenstackNetworkingSubnetV2(scope, id, {
    ...('id' in ref ? { subnetId: ref.id } : { name: ref.name }),
    lifecycle:
      cidr === undefined
        ? undefined
        : {
            postcondition: [
              {
                condition: `\${self.cidr == "${cidr}"}`,
                errorMessage: `The subnet ${JSON.stringify('id' in ref ? ref.id : ref.name)} has the CIDR \${self.cidr}, but ${cidrSource} says ${cidr}: correct it, or leave it out to read it from the subnet.`,
              },
            ],
          },
  });
  return { subnetId: subnet.id, cidr: cidr ?? subnet.cidr };
}
