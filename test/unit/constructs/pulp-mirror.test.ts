import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { IPulpServer, Network, PulpMirror, pulpUrls, ReleaseTrainValidationError } from '../../../constructs';

const ark: IPulpServer = pulpUrls('ark.example.org');

describe('PulpMirror', () => {
  test('fromAttributes: an existing host, known by its origin, creates no resource', () => {
    const stack = new TerraformStack(Testing.app(), 'mirror');
    const mirror = PulpMirror.fromAttributes(stack, 'Mirror', {
      upstream: ark,
      apiUrl: 'https://pulp.site.example.net',
    });
    expect(mirror).toMatchObject({
      apiUrl: 'https://pulp.site.example.net',
      contentUrl: 'https://pulp.site.example.net/pulp/content/',
      registryHost: 'pulp.site.example.net',
      upstream: ark,
    });
    expect(JSON.parse(Testing.synth(stack)).resource).toBeUndefined();
  });

  test('on OpenStack: a PulpServer of its own, syncing from the upstream construct', () => {
    let mirror: PulpMirror | undefined;
    const json = JSON.parse(
      Testing.synthScope((scope: Construct) => {
        mirror = new PulpMirror(scope, 'Mirror', {
          upstream: ark,
          server: {
            name: 'site-a-pulp',
            hostname: 'pulp.site-a.example.net',
            network: Network.fromNetworkAttributes(scope, 'Net', { networkId: 'n', subnetId: 's' }),
            securityGroups: [],
            flavorId: 'f',
            imageId: 'i',
          },
        });
      }),
    );
    expect(Object.values<any>(json.resource.openstack_compute_instance_v2)[0].name).toBe('site-a-pulp');
    expect(mirror!.upstream.apiUrl).toBe('https://ark.example.org');
    expect(mirror!.apiUrl).toBe('https://pulp.site-a.example.net');
  });

  test.each([
    ['ftp://pulp.site.example.net', /apiUrl must be an origin/],
    ['https://pulp.site.example.net/pulp/', /apiUrl must be an origin/],
    ['https://ark.example.org', /cannot be its own upstream/],
  ])('refuses %s', (apiUrl, message) => {
    const stack = new TerraformStack(new App(), 'mirror');
    expect(() => PulpMirror.fromAttributes(stack, 'Mirror', { upstream: ark, apiUrl })).toThrow(
      ReleaseTrainValidationError,
    );
    expect(() => PulpMirror.fromAttributes(stack, `Mirror2${apiUrl.length}`, { upstream: ark, apiUrl })).toThrow(
      message,
    );
  });
});
