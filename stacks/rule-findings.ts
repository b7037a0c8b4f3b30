// Security rule findings in the project's one error format: cdktf reports them per construct path
// (`[ark/SecurityGroup/tcp-22-22-from-0.0.0.0_0] RT-SG1: ...`); a person fixes them in the config, so each
// is placed at the config entry its stack came from, or at the key within it that causes it.
import { ConfigError } from '../config/errors';
import { configReaderFor } from '../config/locate';
import { ReleaseTrainConfig } from '../config/model';
import { KeyPath, YamlReader } from '../config/reader';

/** cdktf's own wording when error annotations (our rule findings) abort synth. */
export const ANNOTATION_ERRORS = /^Encountered Annotations with level "ERROR"/;

const FINDING = /^\[([^\]]+)\] (.+)$/;
const WORLD = ['0.0.0.0/0', '::/0'];

/** The config entry that a stack was made from, by the stack ids of stacks/index.ts. */
function entryOf(config: ReleaseTrainConfig, stackId: string): KeyPath {
  if (stackId === 'ark') return ['ark'];
  if (stackId === 'source-repos') return ['sourceRepos'];
  const lists: [string, string, readonly { readonly name: string }[]][] = [
    ['mirror-', 'mirrors', config.mirrors],
    ['test-', 'testEnvironments', config.testEnvironments],
    ['builders-', 'buildHostPools', config.buildHostPools],
  ];
  for (const [prefix, key, entries] of lists) {
    const index = stackId.startsWith(prefix) ? entries.findIndex((e) => `${prefix}${e.name}` === stackId) : -1;
    if (index >= 0) return [key, index];
  }
  return [];
}

/**
 * Where in the entry a finding is fixed: the world-open CIDR for a security group rule, `tls: false` for a
 * transport rule, else the entry.
 */
function findingPath(reader: YamlReader, entry: KeyPath, message: string): KeyPath {
  const hosts = reader.has([...entry, 'openstack']) ? [...entry, 'openstack'] : entry;
  if (/^RT-TLS\d/.test(message) && reader.has([...hosts, 'tls'])) return [...hosts, 'tls'];
  if (!/^RT-SG\d/.test(message)) return entry;
  for (const list of ['adminCidrs', 'contentCidrs']) {
    const at = [...hosts, list];
    for (let i = 0; i < reader.listLength(at); i++) {
      const cidr = reader.node([...at, i]);
      if (cidr && WORLD.includes(String((cidr as { value?: unknown }).value))) return [...at, i];
    }
  }
  return entry;
}

/** The findings of a cdktf annotation error as a ConfigError positioned in the config, or undefined. */
export function ruleFindingsError(error: unknown, config: ReleaseTrainConfig): ConfigError | undefined {
  if (!(error instanceof Error) || !ANNOTATION_ERRORS.test(error.message)) return undefined;
  const reader = configReaderFor(config.sourceFile);
  for (const line of error.message.split('\n')) {
    const match = FINDING.exec(line.trim());
    if (!match) continue;
    const [, constructPath, message] = match;
    const entry = entryOf(config, constructPath.split('/')[0]);
    const located = message.replace(/^(RT-[A-Z]+\d+):/, `$1 (resource ${constructPath}):`);
    reader.error(findingPath(reader, entry, message), located);
  }
  try {
    reader.finish();
  } catch (findings) {
    return findings as ConfigError;
  }
  return undefined;
}
