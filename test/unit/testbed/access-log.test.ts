// The access-log count bench:apply reports: lines in the three shapes the test bed's services write
// (copied from the running test bed's logs), counted only after the mark.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AccessLogs } from '../../../testbed/openstack/access-log';

test('counts the request lines of each API written after the mark, and nothing else', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-access-log-'));
  const write = (file: string, lines: string[]) => fs.appendFileSync(path.join(dir, file), lines.join('\n') + '\n');
  write('nova-api.log', ['access GET / 200 3ms']);
  const logs = new AccessLogs(dir);
  const mark = logs.mark();
  write('nova-api.log', [
    '2026-12-05 07:29:10.605 5510 INFO nova.api.openstack.requestlog [None req-aa6 - - - - - -] 127.0.0.1 "GET /" status: 200 len: 369 microversion: - time: 0.002323',
    'access POST /v2.1/servers 202 812ms',
    'access GET /v2.1/servers/4f1c 200 95ms',
  ]);
  write('neutron-server.log', [
    '2026-12-05 07:30:06.539 5610 INFO neutron.wsgi [req-38c req-13f 9a2 04c - - default default] 127.0.0.1 "GET /v2.0/ports?device_id=x HTTP/1.1" status: 200  len: 252 time: 0.0236490',
    '2026-12-05 07:30:06.600 5610 DEBUG neutron.plugins.ml2.managers [-] bound port',
  ]);
  write('glance-api.log', [
    '2026-12-05 07:31:45.031 5594 INFO eventlet.wsgi.server [None req-278 25c dbb - - default default] 127.0.0.1 - - [05/Dec/2026 07:31:45] "GET /v2/schemas/image HTTP/1.1" 200 6283 0.002991',
  ]);
  expect(logs.callsSince(mark)).toEqual({
    keystone: 0,
    placement: 0,
    nova: 2,
    neutron: 1,
    glance: 1,
    cinder: 0,
    octavia: 0,
    barbican: 0,
  });
  fs.rmSync(dir, { recursive: true, force: true });
});
