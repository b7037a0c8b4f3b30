// `release-train kayobe-handoff`: writes the files Kayobe consumes from a test environment's outputs, into a
// folder, into a kayobe-config environment where Kayobe reads them, or both.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ENVIRONMENT_NAME, kayobeConfigFiles, kayobeHandoffFiles, readOutputs } from '../tasks/kayobe-handoff';
import { flagsOrHelp, FlagSpec, HELP_FLAG, helpText } from './args';
import { EXIT, UsageError } from './exit-codes';
import { ConfigError } from '../config/errors';

const FLAGS: readonly FlagSpec[] = [
  { name: 'outputs', takesValue: true, description: 'the file written by `cdktf output --outputs-file FILE`' },
  { name: 'stack', takesValue: true, description: 'the test environment stack, e.g. test-multinode' },
  { name: 'out', takesValue: true, description: 'folder to write hosts, admin-oc-networks.yml, ... into' },
  { name: 'kayobe-config', takesValue: true, description: 'a kayobe-config checkout to write the environment into' },
  { name: 'environment', takesValue: true, description: 'the kayobe-config environment, e.g. ci-multinode' },
  HELP_FLAG,
];

const KAYOBE_HANDOFF_HELP = helpText(
  'usage: release-train kayobe-handoff --outputs FILE --stack test-<env> (--out DIR | --kayobe-config DIR --environment NAME)',
  [
    "Writes Kayobe's hosts inventory (controllers, compute, seed, storage as Ceph mons/mgrs/osds, each infra VM",
    'in its role group under infra-vms, every host with its address), admin-oc-networks.yml (the admin CIDR and',
    'every host\u2019s fixed IP), openstack-inventory (localhost through the seed) and control-host-inventory.',
    '--out DIR gets all four; --kayobe-config DIR --environment NAME puts hosts and admin-oc-networks.yml where',
    'that environment reads them: etc/kayobe/environments/NAME/inventory/hosts and .../NAME/admin-oc-networks.yml.',
    'Every output is checked (addresses are IPs inside admin_oc_cidr) and every file is written, or none.',
    'Exit codes: 0 written, 3 the outputs file is wrong (file:line:col key: message), 64 usage.',
  ].join('\n'),
  FLAGS,
);

function required(flags: Map<string, string | true>, name: string): string {
  const value = flags.get(name);
  if (typeof value !== 'string') throw new UsageError(`--${name} is required (see --help)`);
  return value;
}

/** Writes `files` (path relative to `root` -> content) into staging beside `root`, then moves each in place. */
function writeAll(root: string, files: Record<string, string>): string[] {
  fs.mkdirSync(root, { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(path.resolve(root)), '.kayobe-handoff-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(staging, name)), { recursive: true });
      fs.writeFileSync(path.join(staging, name), content);
    }
    return Object.keys(files).map((name) => {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.renameSync(path.join(staging, name), path.join(root, name));
      return path.join(root, name);
    });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export async function kayobeHandoffCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const flags = flagsOrHelp(argv, FLAGS, KAYOBE_HANDOFF_HELP, out);
  if (!flags) return EXIT.ok;
  const file = required(flags, 'outputs');
  const stack = required(flags, 'stack');
  const dir = flags.get('out');
  const kayobeConfig = flags.get('kayobe-config');
  if (typeof dir !== 'string' && typeof kayobeConfig !== 'string') {
    throw new UsageError('--out DIR or --kayobe-config DIR --environment NAME is required (see --help)');
  }
  const environment = typeof kayobeConfig === 'string' ? required(flags, 'environment') : undefined;
  if (environment !== undefined && !ENVIRONMENT_NAME.pattern.test(environment)) {
    throw new UsageError(`--environment must be ${ENVIRONMENT_NAME.expected}, got ${JSON.stringify(environment)}`);
  }
  if (typeof kayobeConfig === 'string' && !fs.existsSync(path.join(kayobeConfig, 'etc', 'kayobe'))) {
    throw new UsageError(`--kayobe-config ${kayobeConfig} is not a kayobe-config checkout (it has no etc/kayobe)`);
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([
      { file, line: 0, col: 0, keyPath: '', message: `cannot read outputs: ${(error as Error).message}` },
    ]);
  }
  const outputs = readOutputs(text, file, stack);
  // Everything is checked before anything is written: never half a hand-off.
  const written = [
    ...(typeof dir === 'string' ? writeAll(dir, kayobeHandoffFiles(outputs)) : []),
    ...(typeof kayobeConfig === 'string' ? writeAll(kayobeConfig, kayobeConfigFiles(outputs, environment!)) : []),
  ];
  for (const name of written) out(`wrote ${name}`);
  return EXIT.ok;
}
