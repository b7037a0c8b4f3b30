// A small, strict argument parser: unknown flags are errors (a typo must not silently change behaviour).
import { UsageError } from './exit-codes';

export interface FlagSpec {
  readonly name: string;
  readonly takesValue: boolean;
  readonly description: string;
}

/** The flags every Pulp command takes: which config, which Pulp, and --help. */
export const CONFIG_FLAG: FlagSpec = {
  name: 'config',
  takesValue: true,
  description: 'config file (default: config/examples/release-train.yaml)',
};
export const PULP_URL_FLAG: FlagSpec = {
  name: 'pulp-url',
  takesValue: true,
  description: 'Pulp API origin, e.g. https://ark.example.org (or RELEASE_TRAIN_PULP_URL)',
};
export const HELP_FLAG: FlagSpec = { name: 'help', takesValue: false, description: 'show this help' };

export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): Map<string, string | true> {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2);
    const spec = specs.find((s) => `--${s.name}` === name);
    if (!spec) throw new UsageError(`unknown argument ${JSON.stringify(name)} (see --help)`);
    if (spec.takesValue) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${spec.name} needs a value`);
      flags.set(spec.name, value);
    } else {
      if (inline !== undefined) throw new UsageError(`--${spec.name} takes no value`);
      flags.set(spec.name, true);
    }
  }
  return flags;
}

export function helpText(usage: string, summary: string, specs: readonly FlagSpec[]): string {
  const width = Math.max(...specs.map((s) => s.name.length + (s.takesValue ? 6 : 0)));
  const lines = specs.map((s) => `  --${(s.name + (s.takesValue ? ' VALUE' : '')).padEnd(width)}  ${s.description}`);
  return `${usage}\n\n${summary}\n\nOptions:\n${lines.join('\n')}\n`;
}
