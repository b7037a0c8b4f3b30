import * as path from 'node:path';
import { DEFAULT_CONFIG_FILE, loadConfig, parseConfig } from '../../../config';
import { configErrorsOf } from '../../support/config';

const VALID = `
openstack:
  cloud: release-train
ark:
  name: ark
  flavorId: c4
  imageId: 1f8e2d4c-6b3a-4c5d-8e7f-9a0b1c2d3e4f
  network:
    existing:
      networkId: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
      subnetId: 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b
  adminCidrs: [198.51.100.0/28]
  contentCidrs: [203.0.113.0/24]
  hostname: ark.example.org
`;

const errorsOf = (text: string) => configErrorsOf(text);

describe('loadConfig', () => {
  test('loads the embedded example into a typed model', () => {
    const config = loadConfig();
    expect(config.sourceFile).toBe(path.resolve(DEFAULT_CONFIG_FILE));
    expect(config.openstack?.cloud).toBe('release-train');
    expect(config.ark).toMatchObject({
      name: 'ark',
      bootVolumeSizeGiB: 100,
      network: { kind: 'create', cidr: '10.42.0.0/24' },
    });
  });

  test('applies documented defaults', () => {
    const config = parseConfig(VALID, 'site.yaml');
    expect(config.ark?.bootVolumeSizeGiB).toBe(50);
    expect(config.ark?.keyPair).toBeUndefined();
    expect(config.ark?.network).toEqual({
      kind: 'existing',
      network: { id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' },
      subnet: { id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b' },
    });
    expect(config.ark?.flavor).toEqual({ id: 'c4' });
  });

  test('looks existing objects up by name only when the config opts in, and never both ways', () => {
    const byName = VALID.replace('flavorId: c4', 'flavorName: m1.large')
      .replace('imageId: 1f8e2d4c-6b3a-4c5d-8e7f-9a0b1c2d3e4f', 'imageName: Rocky Linux 9')
      .replace('networkId: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', 'networkName: ark-net')
      .replace('subnetId: 5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b', 'subnetName: ark-subnet');
    const config = parseConfig(byName, 'site.yaml');
    expect(config.ark).toMatchObject({
      flavor: { name: 'm1.large' },
      image: { name: 'Rocky Linux 9' },
      network: { kind: 'existing', network: { name: 'ark-net' }, subnet: { name: 'ark-subnet' } },
    });
    const both = VALID.replace('flavorId: c4', 'flavorId: c4\n  flavorName: m1.large');
    expect(errorsOf(both)).toBe(
      'site.yaml:7:15 ark.flavorName: conflicting keys (expected flavorId or flavorName, got both)',
    );
  });

  test('fails with file:line:col key.path for every problem at once', () => {
    const text = VALID.replace('flavorId: c4', 'flavorId: m1 large')
      .replace('imageId: 1f8e2d4c-6b3a-4c5d-8e7f-9a0b1c2d3e4f', 'imageId: ubuntu-22.04\n  bootVolumeSizeGiB: 0')
      .replace('contentCidrs: [203.0.113.0/24]', 'contentCidrs: [203.0.113.0/24, 203.0.113.300/24]\n  flavour: x');
    expect(errorsOf(text)).toMatchInlineSnapshot(`
"site.yaml:15:3 ark.flavour: unknown key; did you mean "flavorId"? (expected one of: name, hostname, flavorId, flavorName, imageId, imageName, bootVolumeSizeGiB, dataVolumeSizeGiB, floatingIpPool, tls, pulpImage, keyPair, network, adminCidrs, contentCidrs, suppressions, objectStorage, scale)
site.yaml:6:13 ark.flavorId: invalid value (expected a flavor ID (a UUID, or a short ID such as "42"); for a flavor name use flavorName, which looks it up, got "m1 large")
site.yaml:7:12 ark.imageId: invalid value (expected an OpenStack ID (UUID), got "ubuntu-22.04")
site.yaml:8:22 ark.bootVolumeSizeGiB: invalid value (expected an integer from 1 to 16384, got number 0)
site.yaml:14:34 ark.contentCidrs[1]: invalid value (expected a CIDR such as 192.0.2.0/24 or 2001:db8::/64, got "203.0.113.300/24")"
`);
  });

  test('fails on a missing required key, located at its parent', () => {
    expect(errorsOf(VALID.replace('  cloud: release-train\n', '  region: RegionOne\n'))).toBe(
      'site.yaml:3:3 openstack.cloud: missing (expected a name of letters, digits, ".", "_" or "-" (at most 63, starting with a letter or digit))',
    );
  });

  test('fails when a network is both created and existing', () => {
    const text = VALID.replace('    existing:', '    create: {name: n, cidr: 10.0.0.0/24}\n    existing:');
    expect(errorsOf(text)).toBe(
      'site.yaml:9:5 ark.network: conflicting keys (expected exactly one of create or existing, got both)',
    );
  });

  test('suggests nothing for an unknown key that resembles no allowed key', () => {
    expect(errorsOf(VALID.replace('  name: ark\n', '  name: ark\n  zzz: 1\n'))).toBe(
      'site.yaml:6:3 ark.zzz: unknown key (expected one of: name, hostname, flavorId, flavorName, imageId, imageName, bootVolumeSizeGiB, dataVolumeSizeGiB, floatingIpPool, tls, pulpImage, keyPair, network, adminCidrs, contentCidrs, suppressions, objectStorage, scale)',
    );
  });

  test('fails on a value of the wrong type', () => {
    expect(errorsOf(VALID.replace('  adminCidrs: [198.51.100.0/28]', '  adminCidrs: 198.51.100.0/28'))).toBe(
      'site.yaml:12:15 ark.adminCidrs: wrong type (expected a list, got string "198.51.100.0/28")',
    );
  });

  test('fails on YAML syntax errors before validating', () => {
    expect(errorsOf('openstack: [unclosed\n')).toMatch(/^site\.yaml:\d+:\d+: invalid YAML: /);
  });

  test('fails on duplicate keys', () => {
    expect(errorsOf(VALID.replace('  name: ark\n', '  name: ark\n  name: ark2\n'))).toMatch(
      /^site\.yaml:6:3: invalid YAML: Map keys must be unique/,
    );
  });

  test('fails on a file that cannot be read, naming it', () => {
    expect(() => loadConfig('/nonexistent/site.yaml')).toThrow(/^\/nonexistent\/site\.yaml:0:0: cannot read: ENOENT/);
  });
});
