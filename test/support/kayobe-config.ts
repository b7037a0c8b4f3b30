// The hand-off as Kayobe reads it: a test environment's outputs go through `release-train kayobe-handoff
// --kayobe-config DIR --environment NAME` into a kayobe-config checkout that has its own inventory groups; then
// ansible-inventory from ansible-core (installed by the install script, version in versions.json) reads the
// written tree the way Kayobe runs Ansible: the kayobe-config's own inventory, then the environment's, with the
// environment's *.yml as extra variables. Used on planned outputs (test/cloud/kayobe-config-inventory.test.ts)
// and on the outputs of a stack applied on the test bed (test/cloud/kayobe-cases.test.ts).
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ansibleInventory, AnsibleResult } from '../../scripts/ansible';
import { projectRoot } from '../../scripts/toolchain';

/**
 * A kayobe-config's own inventory groups, as its etc/kayobe/inventory/groups declares them: the overcloud is
 * made of the top-level role groups that the hand-off fills.
 */
const KAYOBE_CONFIG_GROUPS = `[seed-hypervisor]

[seed]

[controllers]

[network:children]
controllers

[monitoring]

[storage]

[compute]

[infra-vms]

[overcloud:children]
controllers
network
monitoring
storage
compute
`;

/** Kayobe's own groups have "-" in their names (seed-hypervisor, infra-vms): Ansible warns and keeps them. */
const DASHES_WARNING =
  '[WARNING]: Invalid characters were found in group names but not replaced, use -vvvv to see details';

export interface KayobeConfigRead {
  /** The kayobe-handoff CLI run. */
  readonly cli: SpawnSyncReturns<string>;
  /** The environment's folder, etc/kayobe/environments/NAME. */
  readonly environmentDir: string;
  /** The environment's *.yml files, passed to Ansible as extra variables. */
  readonly extraVars: readonly string[];
  readonly ansible: AnsibleResult;
  /** ansible-inventory's stderr without the warning Kayobe's own group names cause. */
  readonly ansibleErrors: string;
  /** `ansible-inventory --list`, parsed (undefined when it failed). */
  readonly list?: Record<string, any>;
}

/** Hands the outputs of `stack` to a fresh kayobe-config under `work`, then reads the tree with ansible-inventory. */
export function handOffAndRead(
  work: string,
  stack: string,
  outputs: Record<string, unknown>,
  environment = 'ci-multinode',
): KayobeConfigRead {
  const outputsFile = path.join(work, 'outputs.json');
  fs.writeFileSync(outputsFile, JSON.stringify({ [stack]: outputs }, null, 2));
  const kayobeConfig = path.join(work, 'kayobe-config');
  const kayobe = path.join(kayobeConfig, 'etc', 'kayobe');
  fs.mkdirSync(path.join(kayobe, 'inventory'), { recursive: true });
  fs.writeFileSync(path.join(kayobe, 'inventory', 'groups'), KAYOBE_CONFIG_GROUPS);
  const cli = spawnSync(
    process.execPath,
    [
      path.join(projectRoot, 'dist', 'cli', 'main.js'),
      'kayobe-handoff',
      '--outputs',
      outputsFile,
      '--stack',
      stack,
      '--kayobe-config',
      kayobeConfig,
      '--environment',
      environment,
    ],
    { encoding: 'utf8' },
  );
  const environmentDir = path.join(kayobe, 'environments', environment);
  const extraVars = fs.existsSync(environmentDir)
    ? fs.readdirSync(environmentDir).filter((f) => f.endsWith('.yml'))
    : [];
  const ansible = ansibleInventory(
    [
      '-i',
      path.join(kayobe, 'inventory'),
      '-i',
      path.join(environmentDir, 'inventory'),
      ...extraVars.flatMap((f) => ['-e', `@${path.join(environmentDir, f)}`]),
      '--list',
    ],
    work,
  );
  return {
    cli,
    environmentDir,
    extraVars,
    ansible,
    ansibleErrors: ansible.stderr.replace(DASHES_WARNING, '').trim(),
    list: ansible.status === 0 ? JSON.parse(ansible.stdout) : undefined,
  };
}

/** The hosts of `group` and of its child groups (each once), from `ansible-inventory --list`. */
export function hostsOf(list: Record<string, any>, group: string): string[] {
  const entry = list[group] ?? {};
  const hosts = [...(entry.hosts ?? []), ...(entry.children ?? []).flatMap((child: string) => hostsOf(list, child))];
  return [...new Set<string>(hosts)].sort();
}

/** The hosts a test environment has, by what Kayobe makes of them. */
export interface KayobeHosts {
  readonly prefix: string;
  readonly controllers: number;
  readonly computes: number;
  readonly storage: number;
  /** Infra VM role -> the VMs' names without the prefix. */
  readonly infraVms: Readonly<Record<string, readonly string[]>>;
}

/** The hosts each group Kayobe's playbooks target must have, for the environment's counts. */
export function expectedKayobeGroups(h: KayobeHosts): Record<string, string[]> {
  const numbered = (role: string, n: number) => Array.from({ length: n }, (_, i) => `${h.prefix}-${role}-0${i + 1}`);
  const controllers = numbered('controller', h.controllers);
  const storage = numbered('storage', h.storage);
  const roles = Object.entries(h.infraVms).map(([role, names]) => [role, names.map((n) => `${h.prefix}-${n}`)]);
  return {
    seed: [`${h.prefix}-seed-01`],
    controllers,
    network: controllers,
    monitoring: controllers,
    compute: numbered('compute', h.computes),
    storage,
    mons: storage,
    mgrs: storage,
    osds: storage,
    overcloud: [...controllers, ...numbered('compute', h.computes), ...storage].sort(),
    'infra-vms': roles.flatMap(([, names]) => names).sort(),
    ...Object.fromEntries(roles.map(([role, names]) => [role, [...names].sort()])),
  };
}

/** The hosts of each of `groups` in `ansible-inventory --list`, in the shape of expectedKayobeGroups. */
export function kayobeGroupsOf(list: Record<string, any>, groups: readonly string[]): Record<string, string[]> {
  return Object.fromEntries(groups.map((group) => [group, hostsOf(list, group)]));
}
