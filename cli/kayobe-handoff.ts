// `release-train kayobe-handoff`: writes the files Kayobe consumes from a test environment's outputs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkOutputs, kayobeHandoffFiles, TestEnvironmentOutputs } from '../tasks/kayobe-handoff';
import { FlagSpec, HELP_FLAG, helpText, parseFlags } from './args';
import { EXIT, UsageError } from './exit-codes';
import { ConfigError } from '../config/errors';

const FLAGS: readonly FlagSpec[] = [
  { name: 'outputs', takesValue: true, description: 'the file written by `cdktf output --outputs-file FILE`' },
  { name: 'stack', takesValue: true, description: 'the test environment stack, e.g. test-multinode' },
  { name: 'out', takesValue: true, description: 'folder to write hosts, admin-oc-networks.yml, ... into' },
  HELP_FLAG,
];

const KAYOBE_HANDOFF_HELP = helpText(
  'usage: release-train kayobe-handoff --outputs FILE --stack test-<env> --out DIR',
  [
    "Writes Kayobe's hosts inventory (controllers, compute, seed, storage as Ceph mons/mgrs/osds, infra VMs),",
    'admin-oc-networks.yml (the admin CIDR and every host\u2019s fixed IP), openstack-inventory (localhost',
    'through the seed) and control-host-inventory (the Ansible control host). Every file is written, or none.',
    'Exit codes: 0 written, 3 the outputs file is wrong (file: key: message), 64 usage.',
  ].join('\n'),
  FLAGS,
);

function required(flags: Map<string, string | true>, name: string): string {
  const value = flags.get(name);
  if (typeof value !== 'string') throw new UsageError(`--${name} is required (see --help)`);
  return value;
}

function outputsError(file: string, keyPath: string, message: string): ConfigError {
  return new ConfigError([{ file, line: 0, col: 0, keyPath, message }]);
}

export async function kayobeHandoffCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const flags = parseFlags(argv, FLAGS);
  if (flags.has('help')) {
    out(KAYOBE_HANDOFF_HELP);
    return EXIT.ok;
  }
  const file = required(flags, 'outputs');
  const stack = required(flags, 'stack');
  const dir = required(flags, 'out');
  let all: Record<string, unknown>;
  try {
    all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw outputsError(file, '', `cannot read outputs: ${(error as Error).message}`);
  }
  const problem = checkOutputs(all?.[stack]);
  if (problem) {
    const [key, ...rest] = problem.split(': ');
    throw all?.[stack] === undefined
      ? outputsError(
          file,
          stack,
          `missing (expected the stack's outputs; the file has ${Object.keys(all ?? {}).join(', ') || 'none'})`,
        )
      : outputsError(file, `${stack}.${key}`, rest.join(': ') || key);
  }
  const files = kayobeHandoffFiles(all[stack] as TestEnvironmentOutputs);
  // Written into a sibling folder first, then moved into place: never half a hand-off.
  fs.mkdirSync(dir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(path.resolve(dir)), '.kayobe-handoff-'));
  try {
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(staging, name), content);
    for (const name of Object.keys(files)) fs.renameSync(path.join(staging, name), path.join(dir, name));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  for (const name of Object.keys(files)) out(`wrote ${path.join(dir, name)}`);
  return EXIT.ok;
}
