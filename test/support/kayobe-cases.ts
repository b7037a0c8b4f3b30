// terraform-kayobe-multinode's three input cases (DOMAIN.md §8), each written as our config the way its users
// write tfvars: config/examples/kayobe-multinode.yaml edited to the case's inputs. Planned on the test bed by
// test/cloud/multinode-parity.test.ts and applied there by test/cloud/kayobe-cases.test.ts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../../config';

/** The reference's inputs of each case, as its tfvars set them. */
export interface KayobeCase {
  readonly name: 'minimal' | 'default' | 'full';
  /** What the case is in the reference's terms. */
  readonly inputs: string;
  readonly controllers: number;
  readonly computes: number;
  readonly storage: number;
  /** add_ansible_control_fip */
  readonly floatingIp: boolean;
  /** deploy_wazuh */
  readonly wazuh: boolean;
  /** volume_type ("" is the cloud's default) */
  readonly volumeType?: string;
}

export const KAYOBE_CASES: readonly KayobeCase[] = [
  {
    name: 'minimal',
    inputs: 'control host and seed only: controller_count = compute_count = storage_count = 0',
    controllers: 0,
    computes: 0,
    storage: 0,
    floatingIp: false,
    wazuh: false,
  },
  {
    name: 'default',
    inputs: 'sms.tfvars.example: 3 controllers, 2 computes, 3 storage, no floating IP, no Wazuh',
    controllers: 3,
    computes: 2,
    storage: 3,
    floatingIp: false,
    wazuh: false,
  },
  {
    name: 'full',
    inputs: 'the default plus add_ansible_control_fip, deploy_wazuh and a volume_type',
    controllers: 3,
    computes: 2,
    storage: 3,
    floatingIp: true,
    wazuh: true,
    volumeType: 'ceph-ssd',
  },
];

export const KAYOBE_EXAMPLE_FILE = path.join(path.dirname(DEFAULT_CONFIG_FILE), 'kayobe-multinode.yaml');

/** Hosts the reference creates for a case: the control host, the seed, the counted roles and Wazuh. */
export function kayobeCaseHosts(c: KayobeCase): number {
  return 2 + c.controllers + c.computes + c.storage + (c.wazuh ? 1 : 0);
}

/** The example config, edited to a case's inputs. */
export function kayobeCaseConfig(c: KayobeCase): string {
  let text = fs
    .readFileSync(KAYOBE_EXAMPLE_FILE, 'utf8')
    .replace(/controllers: \{ count: \d+/, `controllers: { count: ${c.controllers}`)
    .replace(/computes: \{ count: \d+/, `computes: { count: ${c.computes}`)
    .replace(/storage: \{ count: \d+/, `storage: { count: ${c.storage}`)
    .replace(/, metadata: \{ kayobe-role: compute \}/, '');
  if (!c.floatingIp) text = text.replace(', floatingIpPool: external', '');
  if (!c.wazuh) text = text.replace(/ {4}infraVms:\n( {6}- .*\n)+/, '');
  if (c.volumeType) {
    text = text
      .replace(/(flavorName: general\.v1\.\w+)( \}|,)/g, `$1, bootVolumeType: ${c.volumeType}$2`)
      .replace(
        'osdVolumes: { perHost: 1, sizeGiB: 40 }',
        `osdVolumes: { perHost: 1, sizeGiB: 40, volumeType: ${c.volumeType} }`,
      );
  }
  return text;
}
