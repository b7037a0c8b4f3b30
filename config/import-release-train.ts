// A migration aid: the original release train's inventory (ansible/inventory/group_vars/all: rpm and deb
// package repositories, Kolla images, RBAC content guards) as this project's content config. Only plain YAML
// values are read: a value holding Jinja (`{{ ... }}`, `{% ... %}`) is never evaluated, and is reported with
// everything else that cannot be carried over as it is.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { parseConfig } from './load';

export const GROUP_VARS = path.join('ansible', 'inventory', 'group_vars', 'all');

export interface ImportResult {
  /** The config text (a `content:` section), which loads as it is. */
  readonly text: string;
  /** What could not be carried over, or was changed, one line each: `<file>: <entry>: <why>`. */
  readonly notCarried: readonly string[];
}

type Item = Record<string, unknown>;

const RPM_KEYS: Readonly<Record<string, string>> = {
  name: 'name',
  url: 'url',
  policy: 'policy',
  sync_policy: 'syncPolicy',
  sync_group: 'syncGroup',
  sync: 'sync',
  publish: 'publish',
  base_path: 'basePath',
  short_name: 'shortName',
  distribution_name: 'distributionName',
};
const DEB_KEYS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(RPM_KEYS).filter(([key]) => key !== 'sync_policy')),
  mirror: 'mirror',
  mode: 'mode',
};
/** Deb fields the original writes as space-separated strings; lists here. */
const DEB_LISTS = ['distributions', 'components', 'architectures'];

const isJinja = (value: unknown) => typeof value === 'string' && /\{\{|\{%/.test(value);

/** Reads one group_vars file; a file that is absent gives undefined (and a note). */
function readVars(dir: string, file: string, notes: string[]): Item | undefined {
  const full = path.join(dir, GROUP_VARS, file);
  if (!fs.existsSync(full)) {
    notes.push(`${file}: not found under ${GROUP_VARS}`);
    return undefined;
  }
  // Vaulted values (`!vault`) and other tags are left unresolved: nothing read here needs them.
  return (parse(fs.readFileSync(full, 'utf8'), { logLevel: 'silent' }) ?? {}) as Item;
}

function convertRepo(file: string, item: Item, keys: Readonly<Record<string, string>>, notes: string[]): Item {
  const label = `${file}: ${JSON.stringify(item.name ?? '(no name)')}`;
  const entry: Item = {};
  for (const [key, value] of Object.entries(item)) {
    if (isJinja(value)) {
      notes.push(`${label}: ${key} is a Jinja expression (${JSON.stringify(value)}), not evaluated: left out`);
    } else if (keys[key]) {
      entry[keys[key]] = value;
    } else if (DEB_LISTS.includes(key) && keys === DEB_KEYS) {
      entry[key] = String(value).split(/\s+/).filter(Boolean);
    } else if (key === 'sync_policy') {
      notes.push(`${label}: sync_policy ${JSON.stringify(value)} left out: the original's deb templates ignore it too`);
    } else {
      notes.push(`${label}: ${key} is not a key this project knows: left out`);
    }
  }
  const prefix = entry.distributionName;
  if (typeof prefix === 'string' && !prefix.endsWith('-')) {
    entry.distributionName = `${prefix}-`;
    notes.push(
      `${label}: distribution_name ${JSON.stringify(prefix)} written as ${JSON.stringify(`${prefix}-`)} (the version is appended to it); Ark's snapshots under the old prefix are not found by it`,
    );
  }
  return entry;
}

function convertDeb(file: string, item: Item, notes: string[]): Item | undefined {
  const entry = convertRepo(file, item, DEB_KEYS, notes);
  // The original's role publishes with squeezer's default mode, simple; this project defaults to pulp_deb's.
  if (entry.mode === undefined) entry.mode = 'simple';
  const remoteMade = entry.sync !== false || entry.publish !== false;
  if (remoteMade && !entry.distributions) {
    notes.push(
      `${file}: ${JSON.stringify(item.name)}: no distributions, which pulp_deb's remote requires (the original's remote cannot be made either): left out`,
    );
    return undefined;
  }
  return entry;
}

function list(file: string, value: unknown, what: string, notes: string[]): Item[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    notes.push(
      `${file}: ${what} is not a plain list (${isJinja(value) ? 'a Jinja expression' : typeof value}): left out`,
    );
    return [];
  }
  return value as Item[];
}

function convertKolla(file: string, vars: Item, notes: string[]): Item | undefined {
  const images = list(file, vars.kolla_container_images, 'kolla_container_images', notes) as unknown as string[];
  const distros = list(
    file,
    vars.default_kolla_base_distros,
    'default_kolla_base_distros',
    notes,
  ) as unknown as string[];
  if (images.length === 0 || distros.length === 0) return undefined;
  const unbuildable = (vars.kolla_unbuildable_images ?? {}) as Item;
  const scheme = (flag: unknown, name: string) => {
    if (typeof flag === 'boolean') return flag;
    if (flag !== undefined) notes.push(`${file}: ${name} ${JSON.stringify(flag)} is not true or false: taken as true`);
    return true;
  };
  for (const key of ['kolla_base_distros_override', 'kolla_container_image_filter']) {
    if (vars[key]) notes.push(`${file}: ${key} ${JSON.stringify(vars[key])} is a run-time filter: use --short-name`);
  }
  return {
    images,
    baseDistros: distros,
    schemes: {
      old: scheme(vars.sync_old_images, 'sync_old_images'),
      new: scheme(vars.sync_new_images, 'sync_new_images'),
    },
    unbuildable: {
      ...(unbuildable.old_scheme ? { old: unbuildable.old_scheme } : {}),
      ...(unbuildable.new_scheme ? { new: unbuildable.new_scheme } : {}),
    },
    namespaces: [{ name: 'stackhpc-dev', push: true }, { name: 'stackhpc' }],
  };
}

function convertGuards(file: string, vars: Item, notes: string[]): Item[] {
  return list(file, vars.dev_pulp_content_guards_rbac, 'dev_pulp_content_guards_rbac', notes).map((guard) => {
    const roles = (guard.roles ?? []) as Item[];
    for (const role of roles.filter((r) => r.role !== 'core.rbaccontentguard_downloader'))
      notes.push(
        `${file}: guard ${JSON.stringify(guard.name)}: role ${JSON.stringify(role.role)} left out (only the downloader role is carried)`,
      );
    const groups = roles
      .filter((r) => r.role === 'core.rbaccontentguard_downloader')
      .flatMap((r) => (r.groups ?? []) as string[]);
    return { name: guard.name, ...(guard.description ? { description: guard.description } : {}), groups };
  });
}

/** Reads the original's group_vars under `dir` (a checkout of stackhpc-release-train) into a content config. */
export function importReleaseTrain(dir: string): ImportResult {
  const notes: string[] = [];
  const rpmVars = readVars(dir, 'rpm-package-repos', notes);
  const debVars = readVars(dir, 'deb-package-repos', notes);
  const kollaVars = readVars(dir, 'kolla', notes);
  const guardVars = readVars(dir, 'dev-pulp-repos', notes);
  const rpm = list('rpm-package-repos', rpmVars?.rpm_package_repos, 'rpm_package_repos', notes).map((item) =>
    convertRepo('rpm-package-repos', item, RPM_KEYS, notes),
  );
  const deb = list('deb-package-repos', debVars?.deb_package_repos, 'deb_package_repos', notes).flatMap(
    (item) => convertDeb('deb-package-repos', item, notes) ?? [],
  );
  const matrix = kollaVars ? convertKolla('kolla', kollaVars, notes) : undefined;
  const contentGuards = guardVars ? convertGuards('dev-pulp-repos', guardVars, notes) : [];
  const groups = [...new Set(contentGuards.flatMap((g) => g.groups as string[]))];
  const content: Item = {
    ...(rpm.length ? { rpm } : {}),
    ...(deb.length ? { deb } : {}),
    ...(matrix ? { containerMatrix: [matrix] } : {}),
    ...(contentGuards.length ? { contentGuards } : {}),
    ...(groups.length ? { groups } : {}),
  };
  const header = [
    `# Imported by release-train import-release-train from ${GROUP_VARS} of the original release train.`,
    '# Review before use; what could not be carried over was listed when it was written.',
  ];
  const text = `${header.join('\n')}\n${stringify({ content }, { lineWidth: 0 })}`;
  // What is written must load: anything the conversion misses surfaces here, not in the user's next synth.
  parseConfig(text, 'imported.yaml');
  return { text, notCarried: notes };
}
