// bench:apply — on the test bed's OpenStack (testbed/openstack/), the apply, the no-op plan and the destroy of
// test-multinode and of ark at scale (3 API nodes behind Octavia, TLS with a Barbican certificate), each
// with the project-built tofu as the cloud tests run it (test/support/cloud.ts, configs of test/cloud):
// wall time, and the API calls of each phase counted from the services' access logs per service
// (testbed/openstack/access-log.ts says what that count holds). A benchmark: it prints figures and asserts
// nothing but that each destroy left nothing. Run it under the test bed's lock, like the cloud tests:
//   flock /tmp/release-train-cloud.lock npm run bench:apply
import { CloudStack, added, certificateContainer, inventory } from '../test/support/cloud';
import { arkAtScale, testEnvironments } from '../test/cloud/configs';
import { AccessLogs, API_LOGS, ApiName } from '../testbed/openstack/access-log';
import { readOpenStackState, startOpenStack, stopOpenStack } from '../testbed/openstack/harness';
import { alive } from '../testbed/processes';
import { runMain } from '../cli/entry-point';

interface Row {
  readonly stack: string;
  readonly phase: string;
  readonly seconds: number;
  readonly calls: Record<ApiName, number>;
  readonly note: string;
}

async function measure(
  logs: AccessLogs,
  stack: string,
  phase: string,
  run: () => Promise<string>,
  rows: Row[],
): Promise<void> {
  const mark = logs.mark();
  const started = process.hrtime.bigint();
  const note = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rows.push({ stack, phase, seconds, calls: logs.callsSince(mark), note });
  console.error(`[bench:apply] ${stack} ${phase}: ${seconds.toFixed(1)} s ${note}`);
}

async function benchStack(logs: AccessLogs, label: string, config: string, stackName: string, rows: Row[]) {
  const before = await inventory();
  const stack = CloudStack.synth(config, stackName);
  try {
    await measure(
      logs,
      label,
      'apply',
      async () => /Resources: (\d+) added/.exec(await stack.apply())?.[1].concat(' added') ?? '',
      rows,
    );
    await measure(
      logs,
      label,
      'plan (no-op)',
      async () => {
        const plan = await stack.planExitCode();
        return plan.code === 0 ? 'no changes' : 'CHANGES FOUND';
      },
      rows,
    );
  } finally {
    await measure(
      logs,
      label,
      'destroy',
      async () => /Resources: (\d+) destroyed/.exec((await stack.destroyAll()).output)?.[1].concat(' destroyed') ?? '',
      rows,
    );
    stack.dispose();
  }
  const left = added(before, await inventory());
  if (Object.keys(left).length > 0) throw new Error(`${label}: the destroy left ${JSON.stringify(left)}`);
}

function table(rows: readonly Row[]): string {
  const apis = Object.keys(API_LOGS) as ApiName[];
  const header = ['stack', 'phase', 'wall s', ...apis, 'all APIs', ''];
  const body = rows.map((r) => [
    r.stack,
    r.phase,
    r.seconds.toFixed(1),
    ...apis.map((a) => String(r.calls[a])),
    String(apis.reduce((sum, a) => sum + r.calls[a], 0)),
    r.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i >= 2 && i < cells.length - 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const running = readOpenStackState();
  const started = !(running?.catalogue && running.pids.every(alive));
  const state = started ? await startOpenStack() : running;
  const logs = new AccessLogs(state.logDir);
  const rows: Row[] = [];
  try {
    await benchStack(logs, 'test-multinode', testEnvironments('rt-bench'), 'test-multinode', rows);
    const certificate = await certificateContainer('ark.testbed.example.org');
    try {
      await benchStack(logs, 'ark at scale (N=3)', arkAtScale(certificate.ref), 'ark', rows);
    } finally {
      await certificate.remove();
    }
  } finally {
    if (started) await stopOpenStack();
  }
  console.log(table(rows));
  console.log(
    'API calls: request lines in each service access log during the phase, from tofu and between services (Nova to Neutron, Glance, Cinder, Placement; Octavia to Neutron, Barbican; token checks by Keystone).',
  );
}

runMain(module, main);
