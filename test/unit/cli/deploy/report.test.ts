// The deploy errors read from tofu's real `-json` diagnostics, recorded on the test bed (recorded/*.jsonl:
// ark applied with a missing flavor, a missing image, a wrong password, an instance quota used up, a port
// still held by the server of a killed apply, and a local state held by another process).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnosticsOf, httpRefusalOf, stateLockOf } from '../../../../cli/deploy/diagnostics';
import { reportOf } from '../../../../cli/deploy/report';
import { StackFile } from '../../../../cli/deploy/stack-file';

const recorded = (name: string) =>
  diagnosticsOf(fs.readFileSync(path.join(__dirname, 'recorded', `${name}.jsonl`), 'utf8'));

/** The parts of ark's cdk.tf.json the recordings name (addresses and construct paths as synthesised). */
function arkStackFile(backend: object = { local: { path: '../../../terraform.ark.tfstate' } }): StackFile {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-deploy-report-'));
  const meta = (p: string) => ({ '//': { metadata: { path: p, uniqueId: p.split('/').pop() } } });
  const json = {
    provider: { openstack: [{ cloud: 'testbed' }] },
    terraform: { backend },
    data: {
      openstack_compute_flavor_v2: { FlavorLookup: { ...meta('ark/FlavorLookup'), name: 'general.v1.nope' } },
      openstack_images_image_v2: { ImageLookup: { ...meta('ark/ImageLookup'), name: 'no-such-image' } },
      openstack_networking_network_v2: {
        ExternalNetworkLookup: { ...meta('ark/ExternalNetworkLookup'), name: 'public' },
      },
    },
    resource: {
      openstack_compute_instance_v2: { Pulp_Server_0E085D49: meta('ark/Pulp/Server/Resource') },
    },
  };
  const file = path.join(dir, 'cdk.tf.json');
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
  return new StackFile('ark', file);
}

describe('deploy errors from recorded diagnostics', () => {
  test('a missing flavor name: one line naming the stack, the lookup and the name', () => {
    const stack = arkStackFile();
    const report = reportOf(recorded('missing-flavor'), stack);
    expect(report.lines).toEqual([
      `${stack.file}:28:7 ark/FlavorLookup (data.openstack_compute_flavor_v2.FlavorLookup): no flavor named "general.v1.nope" in cloud "testbed" (the lookup by name found none)`,
    ]);
    expect(report.kind).toBe('failed');
  });

  test('a missing image name', () => {
    const stack = arkStackFile();
    expect(reportOf(recorded('missing-image'), stack).lines).toEqual([
      expect.stringMatching(
        /:\d+:7 ark\/ImageLookup \(data\.openstack_images_image_v2\.ImageLookup\): no image named "no-such-image" in cloud "testbed" \(the lookup by name found none\)$/,
      ),
    ]);
  });

  test('a wrong password: three refused clients become one line, kind auth, and no URL host or body JSON', () => {
    const diagnostics = recorded('wrong-password');
    expect(diagnostics).toHaveLength(3);
    const report = reportOf(diagnostics, arkStackFile());
    expect(report.kind).toBe('auth');
    expect(report.lines).toHaveLength(1);
    expect(report.lines[0]).toMatch(
      /^\S+:51:7 ark\/ExternalNetworkLookup \(data\.openstack_networking_network_v2\.ExternalNetworkLookup\): Keystone refused the credentials of cloud "testbed" in clouds\.yaml \(HTTP 401: The request you have made requires authentication\.\) \(also data\.openstack_compute_flavor_v2\.FlavorLookup, data\.openstack_images_image_v2\.ImageLookup\)$/,
    );
  });

  test('a quota exceeded: the server, the API call and Nova message', () => {
    const stack = arkStackFile();
    expect(reportOf(recorded('quota-instances'), stack).lines).toEqual([
      `${stack.file}:134:7 ark/Pulp/Server (openstack_compute_instance_v2.Pulp_Server_0E085D49): Error creating OpenStack server: HTTP 403 from POST /v2.1/servers: Quota exceeded for instances: Requested 1, but already used 5 of 5 instances`,
    ]);
  });

  test('a port still held by a killed apply server', () => {
    expect(reportOf(recorded('port-in-use'), arkStackFile()).lines[0]).toMatch(
      /ark\/Pulp\/Server \(openstack_compute_instance_v2\.Pulp_Server_0E085D49\): Error creating OpenStack server: HTTP 409 from POST \/v2\.1\/servers: Port [\w-]+ is still in use\.$/,
    );
  });

  test('a server in ERROR: Nova fault replaces the provider empty "unexpected state"', () => {
    const diagnostic = {
      severity: 'error' as const,
      summary:
        "Error waiting for instance (4f1c) to become ready: unexpected state 'ERROR', wanted target 'ACTIVE'. last error: %!s(<nil>)",
      detail: '',
      address: 'openstack_compute_instance_v2.Pulp_Server_0E085D49',
      range: { filename: 'cdk.tf.json', line: 134, column: 7 },
    };
    const faults = new Map([['4f1c', 'No valid host was found. (500)']]);
    expect(reportOf([diagnostic], arkStackFile(), faults).lines[0]).toMatch(
      /ark\/Pulp\/Server \(openstack_compute_instance_v2\.Pulp_Server_0E085D49\): server 4f1c went to ERROR: No valid host was found\. \(500\)$/,
    );
  });

  test('a local state locked by another process: wait or stop it (force-unlock refuses local state)', () => {
    const report = reportOf(recorded('state-locked-local'), arkStackFile());
    expect(report.kind).toBe('locked');
    expect(report.lines).toEqual([
      expect.stringMatching(
        /:\d+:1 ark: the state is locked by a tofu that is still running \(resource temporarily unavailable; open \.\.\/\.\.\/\.\.\/\.terraform\.ark\.tfstate\.lock\.info: no such file or directory\): wait for it to end, or stop it; the local lock ends with its process$/,
      ),
    ]);
  });

  test('a shared backend lock names its ID and the force-unlock way out', () => {
    const diagnostic = {
      severity: 'error' as const,
      summary: 'Error acquiring the state lock',
      detail:
        'Error message: ConditionalCheckFailed\nLock Info:\n  ID:        5e7b8a3c-1d2e-4f50-8a9b-0c1d2e3f4a5b\n  Path:      states/ark.tfstate\n  Operation: OperationTypeApply\n  Who:       ci@runner-7\n  Version:   1.10.10\n  Created:   2026-12-05 07:45:01 +0000 UTC\n  Info:      \n\n\nOpenTofu acquires a state lock to protect the state from being written\nby multiple users at the same time.',
    };
    const lines = reportOf(
      [diagnostic],
      arkStackFile({ s3: { bucket: 'b' } }),
      new Map(),
      'cdktf.out/stacks/ark',
    ).lines;
    expect(lines[0]).toMatch(
      /ark: the state is locked \(lock ID 5e7b8a3c-1d2e-4f50-8a9b-0c1d2e3f4a5b, OperationTypeApply by ci@runner-7 since 2026-12-05 07:45:01 \+0000 UTC\): if no deploy of ark runs any more, release it: \(cd cdktf\.out\/stacks\/ark && tofu force-unlock 5e7b8a3c-1d2e-4f50-8a9b-0c1d2e3f4a5b\)$/,
    );
  });

  test('every line is one line', () => {
    for (const name of [
      'missing-flavor',
      'missing-image',
      'wrong-password',
      'quota-instances',
      'port-in-use',
      'state-locked-local',
    ])
      for (const line of reportOf(recorded(name), arkStackFile()).lines) expect(line).not.toMatch(/\n/);
  });
});

describe('the provider wording', () => {
  test('an HTTP refusal: what, status, method, path and the service message', () => {
    expect(
      httpRefusalOf(
        'Error creating OpenStack networking client: Expected HTTP response code [201 202] when accessing [POST http://127.0.0.1:25000/v3/auth/tokens], but got 401 instead: {"error":{"code":401,"message":"The request you have made requires authentication.","title":"Unauthorized"}}',
      ),
    ).toEqual({
      doing: 'Error creating OpenStack networking client',
      status: 401,
      method: 'POST',
      path: '/v3/auth/tokens',
      message: 'The request you have made requires authentication.',
    });
  });

  test('a lock message without lock information keeps the backend reason', () => {
    expect(stateLockOf(recorded('state-locked-local')[0])).toEqual({
      reason: expect.stringContaining('resource temporarily unavailable'),
    });
  });
});
