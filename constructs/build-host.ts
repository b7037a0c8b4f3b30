// Build hosts: N CI runners that build container and disk images and push them to Ark (DOMAIN.md §7, where
// the legacy pool was two instances with staff keys in user data). Each registers itself as a CI runner at
// first boot with a registration token from a sensitive variable; nothing reaches it but SSH from admins.
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { ComputeKeypairV2 } from '../bindings/openstack/compute-keypair-v2';
import { INetwork } from './network';
import { SecurityGroup } from './security-group';
import { Server } from './server';
import { movedFrom } from './moved-from';
import { validateProps } from './validation';
import { runnerUserData } from '../userdata/build-host';

export interface BuildHostPoolProps {
  /** Prefix of the hosts' names: `<name>-01`, `<name>-02`, ... */
  readonly name: string;
  readonly count: number;
  readonly network: INetwork;
  readonly flavorId: string;
  readonly imageId: string;
  /** @default 100 */
  readonly bootVolumeSizeGiB?: number;
  /** OpenSSH public key for admins (key pair `<name>-keypair`). */
  readonly sshPublicKey: string;
  readonly adminCidrs: readonly string[];
  /** Where the runners register, e.g. `https://github.com/stackhpc/stackhpc-release-train`. */
  readonly runnerUrl: string;
  /** Expression of the sensitive registration token variable. */
  readonly registrationToken: string;
  readonly labels: readonly string[];
  /**
   * Version of the GitHub Actions runner to install.
   * @default RUNNER_VERSION
   */
  readonly runnerVersion?: string;
}

/** @default */
const RUNNER_VERSION = '2.329.0';

export class BuildHostPool extends Construct {
  public readonly hosts: readonly Server[];

  constructor(scope: Construct, id: string, props: BuildHostPoolProps) {
    super(scope, id);
    validateProps(this, [
      {
        invalid: !Number.isInteger(props.count) || props.count < 1 || props.count > 50,
        message: `count must be an integer from 1 to 50, got ${props.count}`,
      },
      { invalid: props.labels.length === 0, message: 'labels must name at least one runner label, got none' },
    ]);
    const keyPair = new ComputeKeypairV2(this, 'KeyPair', {
      name: `${props.name}-keypair`,
      publicKey: props.sshPublicKey,
    });
    const ssh = new SecurityGroup(this, 'Ssh', {
      name: `${props.name}-ssh`,
      description: `${props.name}: SSH from admins only (runners poll out; nothing polls in)`,
      ingress: props.adminCidrs.map((cidr) => ({
        description: 'SSH from admins',
        protocol: 'tcp',
        fromPort: 22,
        remoteCidr: cidr,
      })),
    });
    const hosts = new Construct(this, 'Hosts');
    this.hosts = Array.from({ length: props.count }, (_, i) => {
      const number = String(i + 1).padStart(2, '0');
      const name = `${props.name}-${number}`;
      const host = new Server(hosts, `host-${number}`, {
        name,
        network: props.network,
        securityGroups: [ssh],
        flavorId: props.flavorId,
        imageId: props.imageId,
        bootVolumeSizeGiB: props.bootVolumeSizeGiB ?? 100,
        keyPair: keyPair.name,
        userData: runnerUserData({
          version: props.runnerVersion ?? RUNNER_VERSION,
          runnerUrl: props.runnerUrl,
          hostName: name,
          labels: props.labels,
          registrationToken: props.registrationToken,
          base64: (text) => Fn.base64encode(text),
        }),
        ignoreUserDataChanges: true,
        metadata: { 'release-train-role': 'build-host' },
      });
      // Earlier deployments have the hosts directly under the pool.
      movedFrom(host, this, `host-${number}`);
      return host;
    });
  }
}
