// `release-train deploy` run as an operator runs it, on a stack CloudStack synthesised (test/support/cloud.ts),
// for test/cloud/faults.test.ts: its processes, what a killed apply leaves, and cleaning up after it.
import { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot, toolchainEnv } from '../../scripts/toolchain';
import { ServiceType, TestbedClient } from '../../testbed/openstack/client';
import { memberClient, readOpenStackState } from '../../testbed/openstack/harness';
import { CloudStack, inventory, waitGone } from './cloud';
import { spawnStarted } from './spawn';

const MAIN = path.join(projectRoot, 'dist', 'cli', 'main.js');

/** Where `CloudStack` put cdktf.out (its workspace is `<root>/cdktf.out/stacks/<stack>`; local state in `<root>`). */
export const rootOf = (stack: CloudStack) => path.resolve(stack.workspace.dir, '..', '..', '..');

/** `release-train deploy ark` on the stack's folder: the toolchain's tofu, the given clouds.yaml, nothing else. */
export function startDeploy(
  stack: CloudStack,
  args: readonly string[] = [],
  cloudsYaml = readOpenStackState()!.cloudsYaml,
) {
  const { TERRAFORM_BINARY_NAME, TF_CLI_CONFIG_FILE } = toolchainEnv();
  const variables = Object.keys(
    JSON.parse(fs.readFileSync(path.join(stack.workspace.dir, 'cdk.tf.json'), 'utf8')).variable ?? {},
  );
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TERRAFORM_BINARY_NAME,
    TF_CLI_CONFIG_FILE,
    CHECKPOINT_DISABLE: '1',
    OS_CLIENT_CONFIG_FILE: cloudsYaml,
    ...Object.fromEntries(variables.map((name) => [`TF_VAR_${name}`, 'testbed-only'])),
  };
  const started = Date.now();
  const root = rootOf(stack);
  const { child, result } = spawnStarted(
    process.execPath,
    [MAIN, 'deploy', stack.name, '--output', path.join(root, 'cdktf.out'), ...args],
    { cwd: root, env, timeout: 900_000 },
  );
  return { child, result: result.then((r) => ({ ...r, seconds: (Date.now() - started) / 1000 })) };
}

export const deploy = (stack: CloudStack, args: readonly string[] = [], cloudsYaml?: string) =>
  startDeploy(stack, args, cloudsYaml).result;

/** The stderr lines (the errors), each of which must be a single line in the project's format. */
export const errorLines = (stderr: string) => stderr.split('\n').filter(Boolean);

/** The process IDs below `pid` (children, grandchildren, ...), read from /proc. */
export function descendants(pid: number): { pid: number; comm: string }[] {
  const all = fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => {
      try {
        const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return { pid: Number(name), ppid, comm };
      } catch {
        return undefined;
      }
    })
    .filter((p): p is { pid: number; ppid: number; comm: string } => !!p);
  const found: { pid: number; comm: string }[] = [];
  const walk = (parent: number) => {
    for (const p of all.filter((q) => q.ppid === parent)) {
      found.push(p);
      walk(p.pid);
    }
  };
  walk(pid);
  return found;
}

export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function sawOutput(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    child.stdout!.on('data', (chunk) => {
      seen += String(chunk);
      if (pattern.test(seen)) resolve();
    });
  });
}

/** The state file's server IDs (an empty file, as a killed first apply leaves, holds none). */
export function serversInStateFile(root: string): string[] {
  const text = fs.readFileSync(path.join(root, 'terraform.ark.tfstate'), 'utf8');
  const state = text.trim() ? JSON.parse(text) : {};
  return (state.resources ?? [])
    .filter((r: any) => r.type === 'openstack_compute_instance_v2')
    .flatMap((r: any) => r.instances.map((i: any) => i.attributes.id));
}

/** IDs of everything the real APIs list now (what a test must leave alone). */
export async function presentIds(): Promise<Set<string>> {
  return new Set(Object.values(await inventory()).flatMap((items) => items.map((i) => i.split(' ').pop()!)));
}

/** Deletes what the deploy reported as leftovers (as README tells the operator), in an order Neutron accepts. */
export async function deleteReported(lines: readonly string[], keep: ReadonlySet<string>): Promise<string[]> {
  const member = await memberClient();
  const reported = lines
    .map((line) =>
      / (server|floating ip|router|port|subnet|network|security group|volume) ([\w-]+) is named /.exec(line),
    )
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ cli: m[1], id: m[2] }))
    .filter((r) => !keep.has(r.id));
  const paths: Record<string, [ServiceType, string]> = {
    server: ['compute', '/servers/'],
    'floating ip': ['network', '/floatingips/'],
    router: ['network', '/routers/'],
    port: ['network', '/ports/'],
    subnet: ['network', '/subnets/'],
    network: ['network', '/networks/'],
    'security group': ['network', '/security-groups/'],
    volume: ['volumev3', '/volumes/'],
  };
  for (const r of reported) {
    const [service, base] = paths[r.cli];
    if (r.cli === 'router')
      for (const port of await member.list(
        'network',
        `/ports?device_id=${r.id}&device_owner=network:router_interface`,
        'ports',
      ))
        await member.call('network', 'PUT', `/routers/${r.id}/remove_router_interface`, { port_id: port.id });
    await member.call(service, 'DELETE', `${base}${r.id}`);
    await waitGone(member, service, `${base}${r.id}`);
  }
  return reported.map((r) => `${r.cli} ${r.id}`);
}

/** A server named rt-ark that a failed run of these tests left (its port went with the stack) goes too. */
export async function sweepTestServers(member: TestbedClient, before: Record<string, string[]>): Promise<void> {
  for (const server of await member.list('compute', '/servers/detail', 'servers'))
    if (server.name === 'rt-ark' && !before.servers.includes(`rt-ark ${server.id}`)) {
      await member.call('compute', 'DELETE', `/servers/${server.id}`);
      await waitGone(member, 'compute', `/servers/${server.id}`);
    }
}
