// Stacks applied for real on the test bed's OpenStack (testbed/openstack/): synthesised with the tasks off
// (RELEASE_TRAIN_TASKS=off: no Pulp answers on a server of the fake hypervisor), then applied, re-planned and
// destroyed by the project-built tofu with the harness's clouds.yaml, and what is left listed on the real APIs.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { adminClient, memberClient, readOpenStackState } from '../../testbed/openstack/harness';
import { HttpError, ServiceType, TestbedClient } from '../../testbed/openstack/client';
import { synthApp, TofuWorkspace, TofuResult } from './tofu';

const TOFU_TIMEOUT_MS = 600_000;

export function cloudsYamlText(): string {
  const state = readOpenStackState();
  if (!state) throw new Error('the OpenStack harness is not running (jest project `cloud` starts it)');
  return fs.readFileSync(state.cloudsYaml, 'utf8');
}

/** One stack of a config, synthesised with the tasks off and ready for tofu against the test bed. */
export class CloudStack {
  private constructor(
    readonly name: string,
    readonly workspace: TofuWorkspace,
    private readonly outdir: string,
  ) {}

  static synth(configText: string, stackName: string, variables: Record<string, string> = {}): CloudStack {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-cloud-config-'));
    const configFile = path.join(dir, 'release-train.yaml');
    fs.writeFileSync(configFile, configText);
    const app = synthApp({ RELEASE_TRAIN_CONFIG: configFile, RELEASE_TRAIN_TASKS: 'off' });
    const stack = app.stacks.find((s) => s.name === stackName);
    if (!stack) throw new Error(`no stack ${stackName} in ${app.stacks.map((s) => s.name).join(', ')}`);
    const workspace = new TofuWorkspace(stack, undefined, cloudsYamlText());
    for (const [name, value] of Object.entries(variables)) workspace.setVariable(name, value);
    workspace.init();
    fs.rmSync(dir, { recursive: true, force: true });
    return new CloudStack(stackName, workspace, app.outdir);
  }

  /** The same stack from an edited config, into this workspace (its state kept): what a config change deploys. */
  resynth(configText: string): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-cloud-config-'));
    const configFile = path.join(dir, 'release-train.yaml');
    fs.writeFileSync(configFile, configText);
    const app = synthApp({ RELEASE_TRAIN_CONFIG: configFile, RELEASE_TRAIN_TASKS: 'off' });
    const stack = app.stacks.find((s) => s.name === this.name)!;
    fs.copyFileSync(path.join(stack.dir, 'cdk.tf.json'), path.join(this.workspace.dir, 'cdk.tf.json'));
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }

  async tofu(args: readonly string[]): Promise<TofuResult> {
    return this.workspace.runAsync(args, TOFU_TIMEOUT_MS);
  }

  private async ok(args: readonly string[]): Promise<string> {
    const result = await this.tofu(args);
    if (result.status !== 0)
      throw new Error(
        `${this.name}: tofu ${args[0]} exited with ${result.status}:\n${result.stderr}\n${result.stdout.slice(-4000)}`,
      );
    return result.stdout;
  }

  apply(): Promise<string> {
    return this.ok(['apply', '-auto-approve', '-input=false', '-no-color']);
  }

  /** `plan -detailed-exitcode`: 0 = no changes, 2 = changes. */
  async planExitCode(): Promise<{ code: number; stdout: string }> {
    const result = await this.tofu(['plan', '-detailed-exitcode', '-input=false', '-no-color']);
    if (result.status === 1) throw new Error(`${this.name}: plan failed:\n${result.stderr}`);
    return { code: result.status, stdout: result.stdout };
  }

  destroy(): Promise<string> {
    return this.ok(['destroy', '-auto-approve', '-input=false', '-no-color']);
  }

  /**
   * Destroys everything, data volumes included, the way README's day-two section tells an operator: a plain
   * destroy stops at a `prevent_destroy` data volume (nothing is destroyed); the way out is `tofu state rm` of
   * that volume, destroy, then deleting the kept volume on purpose (here through Cinder's API). Returns the
   * refusal message (undefined when the stack had no protected volume) and the destroy's output.
   */
  async destroyAll(): Promise<{ refusal?: string; protectedVolumes: string[]; output: string }> {
    const first = await this.tofu(['destroy', '-auto-approve', '-input=false', '-no-color']);
    if (first.status === 0) return { protectedVolumes: [], output: first.stdout };
    const addresses = [...first.stderr.matchAll(/Resource\s+(\S+)\s+has\s+lifecycle\.prevent_destroy/g)].map(
      (m) => m[1],
    );
    if (addresses.length === 0) throw new Error(`${this.name}: destroy failed:\n${first.stderr}`);
    const resources = await this.stateResources();
    const volumeIds = addresses.map((address) => resources.find((r) => r.address === address).values.id as string);
    await this.ok(['state', 'rm', ...addresses]);
    const output = await this.destroy();
    const member = await memberClient();
    for (const id of volumeIds) {
      await member.call('volumev3', 'DELETE', `/volumes/${id}`);
      await waitGone(member, 'volumev3', `/volumes/${id}`);
    }
    return { refusal: first.stderr, protectedVolumes: volumeIds, output };
  }

  async outputs(): Promise<Record<string, any>> {
    const shown = JSON.parse(await this.ok(['output', '-json']));
    return Object.fromEntries(Object.entries<any>(shown).map(([k, v]) => [k, v.value]));
  }

  /** The managed resources in the state, by type. */
  async stateResources(): Promise<any[]> {
    const shown = JSON.parse(await this.ok(['show', '-json']));
    const collect = (module: any): any[] => [
      ...(module?.resources ?? []).filter((r: any) => r.mode === 'managed'),
      ...(module?.child_modules ?? []).flatMap(collect),
    ];
    return collect(shown.values?.root_module);
  }

  dispose(): void {
    this.workspace.dispose();
    fs.rmSync(this.outdir, { recursive: true, force: true });
  }
}

/** Everything a stack can make, by kind, as the admin sees it across projects: the leftover check's inventory. */
export async function inventory(): Promise<Record<string, string[]>> {
  const client = await adminClient();
  // Key pairs belong to a user: the member user is who deploys.
  const member = await memberClient();
  const names = (items: any[]) => items.map((i) => `${i.name ?? ''} ${i.id}`).sort();
  const [servers, volumes, ports, networks, subnets, routers, groups, floatingIps, keypairs, lbs] = await Promise.all([
    client.list('compute', '/servers/detail?all_tenants=1', 'servers'),
    client.list('volumev3', '/volumes/detail?all_tenants=1', 'volumes'),
    client.list('network', '/ports', 'ports'),
    client.list('network', '/networks', 'networks'),
    client.list('network', '/subnets', 'subnets'),
    client.list('network', '/routers', 'routers'),
    client.list('network', '/security-groups', 'security_groups'),
    client.list('network', '/floatingips', 'floatingips'),
    member.list('compute', '/os-keypairs', 'keypairs'),
    client.list('load-balancer', '/v2/lbaas/loadbalancers', 'loadbalancers'),
  ]);
  return {
    servers: names(servers),
    volumes: names(volumes),
    // Router gateway and interface ports of the catalogue's router are part of the baseline like any other.
    ports: names(ports),
    networks: names(networks),
    subnets: names(subnets),
    routers: names(routers),
    securityGroups: names(groups),
    floatingIps: floatingIps.map((f) => `${f.floating_ip_address} ${f.id}`).sort(),
    keypairs: keypairs.map((k) => k.keypair.name).sort(),
    loadBalancers: names(lbs),
  };
}

/** What `after` has that `before` had not, by kind (empty lists dropped). */
export function added(before: Record<string, string[]>, after: Record<string, string[]>): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [kind, items] of Object.entries(after)) {
    const extra = items.filter((item) => !before[kind]?.includes(item));
    if (extra.length > 0) result[kind] = extra;
  }
  return result;
}

/**
 * A TLS certificate container in Barbican, as an operator makes one for Ark at scale: a self-signed certificate
 * and key as two secrets, a `certificate` container, and read ACLs for Octavia's service user (which loads
 * the certificate when the listener is made). Returns the container's ref and a cleanup.
 */
export async function certificateContainer(hostname: string): Promise<{ ref: string; remove: () => Promise<void> }> {
  const member = await memberClient();
  const admin = await adminClient();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-cert-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '30',
      '-subj',
      `/CN=${hostname}`,
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const secret = async (name: string, file: string) =>
    (
      await member.call('key-manager', 'POST', '/v1/secrets', {
        name,
        payload: fs.readFileSync(path.join(dir, file), 'utf8'),
        payload_content_type: 'text/plain',
      })
    ).secret_ref as string;
  const certificate = await secret(`${hostname}-certificate`, 'cert.pem');
  const privateKey = await secret(`${hostname}-key`, 'key.pem');
  fs.rmSync(dir, { recursive: true, force: true });
  const container = (
    await member.call('key-manager', 'POST', '/v1/containers', {
      type: 'certificate',
      name: hostname,
      secret_refs: [
        { name: 'certificate', secret_ref: certificate },
        { name: 'private_key', secret_ref: privateKey },
      ],
    })
  ).container_ref as string;
  const [octavia] = await admin.list('identity', '/users?name=octavia', 'users');
  const idOf = (ref: string) => new URL(ref).pathname;
  for (const ref of [container, certificate, privateKey])
    await member.call('key-manager', 'PUT', `${idOf(ref)}/acl`, {
      read: { users: [octavia.id], 'project-access': true },
    });
  return {
    ref: container,
    remove: async () => {
      for (const ref of [container, certificate, privateKey]) await member.call('key-manager', 'DELETE', idOf(ref));
    },
  };
}

/** Polls a GET until it answers 404 (a deletion the service finishes asynchronously). */
export async function waitGone(client: TestbedClient, service: ServiceType, itemPath: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      await client.call(service, 'GET', itemPath);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) return;
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`${itemPath} still there after 120 s`);
}

/** Seconds each step of a cycle took (synth and init included in `synth`). */
export type CycleSeconds = Record<'synth' | 'apply' | 'plan' | 'check' | 'destroy', number>;

/**
 * Applies, re-plans and destroys one stack; `check` runs between apply and destroy. Asserts the re-plan has no
 * changes and that the real APIs list nothing more afterwards than before; returns the seconds per step.
 */
export async function cycle(
  configText: string,
  stackName: string,
  check?: (stack: CloudStack) => Promise<void>,
): Promise<CycleSeconds> {
  const before = await inventory();
  const seconds: CycleSeconds = { synth: 0, apply: 0, plan: 0, check: 0, destroy: 0 };
  const timed = async <T>(step: keyof CycleSeconds, run: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await run();
    seconds[step] = Math.round((Date.now() - started) / 100) / 10;
    return result;
  };
  const stack = await timed('synth', async () => CloudStack.synth(configText, stackName));
  try {
    const applied = await timed('apply', () => stack.apply());
    expect(applied).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed/);
    const plan = await timed('plan', () => stack.planExitCode());
    expect({ code: plan.code, tail: plan.code === 0 ? '' : plan.stdout.slice(-3000) }).toEqual({ code: 0, tail: '' });
    expect(plan.stdout).toMatch(/No changes/);
    if (check) await timed('check', () => check(stack));
  } finally {
    const destroyed = await timed('destroy', () => stack.destroyAll());
    stack.dispose();
    expect(destroyed.output).toMatch(/Destroy complete! Resources: \d+ destroyed/);
    if (destroyed.refusal) expect(destroyed.refusal).toMatch(/Instance cannot be destroyed/);
  }
  expect(added(before, await inventory())).toEqual({});
  const shown = Object.entries(seconds).map(([step, s]) => `${step} ${s.toFixed(1)} s`);
  console.log(`${stackName}: applied, re-planned with no changes, destroyed with nothing left (${shown.join(', ')})`);
  return seconds;
}

/** `text` with each `[from, to]` replaced everywhere; a `from` the text lacks is an error (the example moved). */
export function replaceEvery(text: string, swaps: readonly (readonly [string, string])[]): string {
  return swaps.reduce((result, [from, to]) => {
    if (!result.includes(from)) throw new Error(`expected ${JSON.stringify(from)} in the config`);
    return result.split(from).join(to);
  }, text);
}
