// A small, strict argument parser: unknown flags are errors (a typo must not silently change behaviour).
import { parseArgs } from 'node:util';
import { ContentSelection, shortNamePatterns } from '../tasks/select';
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
export const CONCURRENCY_FLAG: FlagSpec = {
  name: 'concurrency',
  takesValue: true,
  description: 'how many repositories or images to work on at once, 1-32 (default 1)',
};
export const JSON_FLAG: FlagSpec = {
  name: 'json',
  takesValue: false,
  description: 'print the result as JSON on stdout',
};
export const DRY_RUN_FLAG: FlagSpec = {
  name: 'dry-run',
  takesValue: false,
  description: 'print what would be done; write nothing',
};
export const ONLY_FLAG: FlagSpec = {
  name: 'only',
  takesValue: true,
  description: 'work on one part of the content config: access (groups, users, guards, namespaces) or TYPE/NAME',
};
export const HELP_FLAG: FlagSpec = { name: 'help', takesValue: false, description: 'show this help' };
/** Selection as the real workflows make it (tasks/select.ts). */
export const SHORT_NAME_FLAG: FlagSpec = {
  name: 'short-name',
  takesValue: true,
  description:
    'only repositories whose short name (an image name, for containers) matches one of these whitespace-separated regular expressions, e.g. "rocky_9 ^epel"',
};
export const SYNC_GROUP_FLAG: FlagSpec = {
  name: 'sync-group',
  takesValue: true,
  description: 'only the repositories of this sync group (the nightly unit of work)',
};

/** The selection the --short-name and --sync-group flags make; a bad regular expression is a usage error. */
export function selectionOf(flags: Map<string, string | true>): ContentSelection {
  const filter = flags.get('short-name') as string | undefined;
  let shortNames: RegExp[] | undefined;
  try {
    shortNames = filter === undefined ? undefined : shortNamePatterns(filter);
  } catch (error) {
    throw new UsageError(`--short-name: ${(error as Error).message}`);
  }
  return { shortNames, syncGroup: flags.get('sync-group') as string | undefined };
}

export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): Map<string, string | true> {
  return parseArguments(argv, specs, false).flags;
}

/** As parseFlags, for a command that also takes operands (arguments that are not flags, e.g. files), in order. */
export function parseFlagsAndOperands(
  argv: readonly string[],
  specs: readonly FlagSpec[],
): { flags: Map<string, string | true>; operands: string[] } {
  return parseArguments(argv, specs, true);
}

/**
 * node:util's parseArgs splits the command line (`--name=value`, a value in the next argument, operands, `--`);
 * the checks and their messages stay ours, in the CLI's one usage-error format.
 */
function parseArguments(argv: readonly string[], specs: readonly FlagSpec[], operandsAllowed: boolean) {
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(specs.map((s) => [s.name, { type: s.takesValue ? 'string' : 'boolean' } as const])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const flags = new Map<string, string | true>();
  const operands: string[] = [];
  const unknown = (name: string) => new UsageError(`unknown argument ${JSON.stringify(name)} (see --help)`);
  for (const token of tokens) {
    if (token.kind === 'option-terminator') throw unknown('--');
    if (token.kind === 'positional') {
      if (!operandsAllowed || token.value.startsWith('-')) throw unknown(token.value);
      operands.push(token.value);
      continue;
    }
    // Only long flags are specified: `-x` is never a short form of one (and `-abc` is named whole).
    const long = token.rawName.startsWith('--');
    const spec = long ? specs.find((s) => s.name === token.name) : undefined;
    if (!spec) throw unknown(long ? token.rawName : argv[token.index]);
    if (spec.takesValue) {
      if (token.value === undefined || token.value.startsWith('--'))
        throw new UsageError(`--${spec.name} needs a value`);
      flags.set(spec.name, token.value);
    } else {
      if (token.inlineValue) throw new UsageError(`--${spec.name} takes no value`);
      flags.set(spec.name, true);
    }
  }
  return { flags, operands };
}

/**
 * A command's flags, or undefined once --help has printed `help` (the command then exits 0 and does nothing
 * else): every command answers --help alike.
 */
export function flagsOrHelp(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  help: string,
  out: (line: string) => void,
): Map<string, string | true> | undefined {
  return argumentsOrHelp(argv, specs, help, out, false)?.flags;
}

/** As flagsOrHelp, for a command that also takes operands. */
export function argumentsOrHelp(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  help: string,
  out: (line: string) => void,
  operandsAllowed = true,
): { flags: Map<string, string | true>; operands: string[] } | undefined {
  const parsed = parseArguments(argv, specs, operandsAllowed);
  if (!parsed.flags.has('help')) return parsed;
  out(help);
  return undefined;
}

export function helpText(usage: string, summary: string, specs: readonly FlagSpec[]): string {
  const width = Math.max(...specs.map((s) => s.name.length + (s.takesValue ? 6 : 0)));
  const lines = specs.map((s) => `  --${(s.name + (s.takesValue ? ' VALUE' : '')).padEnd(width)}  ${s.description}`);
  return `${usage}\n\n${summary}\n\nOptions:\n${lines.join('\n')}\n`;
}

/** A whole-number flag from 1 to `max`; `fallback` when absent. */
export function wholeNumberFlag(
  flags: ReadonlyMap<string, string | true>,
  name: string,
  fallback: number,
  max: number,
): number {
  const value = flags.get(name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(String(value)) || n < 1 || n > max)
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

/** --concurrency N: a whole number from 1 to 32; 1 when absent. */
export function concurrencyOf(flags: ReadonlyMap<string, string | true>): number {
  return wholeNumberFlag(flags, 'concurrency', 1, 32);
}
