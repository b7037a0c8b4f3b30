// `release-train import-release-train DIR`: the original release train's inventory as this project's config.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GROUP_VARS, importReleaseTrain } from '../config/import-release-train';
import { argumentsOrHelp, FlagSpec, HELP_FLAG, helpText } from './args';
import { EXIT, UsageError } from './exit-codes';

const FLAGS: readonly FlagSpec[] = [
  { name: 'output', takesValue: true, description: 'write the config to this new file (default: stdout)' },
  HELP_FLAG,
];

const IMPORT_HELP = helpText(
  'usage: release-train import-release-train DIR [--output FILE]',
  [
    `Reads ${GROUP_VARS}/{rpm-package-repos,deb-package-repos,kolla,dev-pulp-repos} of a checkout of the`,
    "original release train (DIR) and writes this project's content config: rpm and deb repositories, the",
    'Kolla image matrix, the RBAC content guards and their groups. Plain YAML values only: Jinja is never',
    'evaluated. Everything it could not carry over as it is (Jinja values, unknown keys, deb entries without',
    'distributions, distribution names given a trailing "-") is listed, one line each ("not carried: ..."),',
    'on stdout after "wrote FILE", or on stderr when the config goes to stdout. The config written always',
    'loads. Exit codes: 0 written, 3 the result would not load (a bug: please report), 64 usage.',
  ].join('\n'),
  FLAGS,
);

export async function importReleaseTrainCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const parsed = argumentsOrHelp(argv, FLAGS, IMPORT_HELP, out);
  if (!parsed) return EXIT.ok;
  const { flags, operands } = parsed;
  if (operands.length !== 1) throw new UsageError('import-release-train needs one DIR (a checkout of the original)');
  const dir = operands[0];
  if (!fs.existsSync(path.join(dir, GROUP_VARS))) throw new UsageError(`${dir}: no ${GROUP_VARS} in it`);
  const output = flags.get('output') as string | undefined;
  if (output && fs.existsSync(output)) throw new UsageError(`${output} exists: the import writes a new file only`);
  const { text, notCarried } = importReleaseTrain(dir);
  if (output) {
    fs.writeFileSync(output, text);
    out(`wrote ${output}`);
    for (const note of notCarried) out(`not carried: ${note}`);
  } else {
    out(text);
    for (const note of notCarried) console.error(`not carried: ${note}`);
  }
  return EXIT.ok;
}
