// The published JSON Schema of the config file (config/release-train.schema.json, `npm run schema`), built
// from the loader's own rules rather than written beside them: each config is read with an observer that the
// reader tells every expectation it checks (a key path and what belongs there), and the expectations are
// merged over the configs read. The loader reaches some keys only on some branches (a `kind`, `sync: false`,
// a backend), so the configs read must reach every key: one the readers allow but never checked is an error
// here, not a guess. What this cannot see is a second form of a key it has reached (a list or a mapping, for
// a matrix's `unbuildable`): reach.yaml gives each form, and the agreement test checks the examples. What a JSON Schema cannot say (one key given another, names that refer to each other,
// files that must exist) stays with the loader: test/unit/config/schema.test.ts lists those cases.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors';
import { parseConfig } from '../load';
import { PROJECT_ROOT } from '../project-root';
import { Expectation, KeyPath } from '../reader';
import { JsonSchema, withDefinitions } from './definitions';

/** The committed schema that the examples name in their `# yaml-language-server: $schema=` line. */
export const SCHEMA_FILE = path.join(PROJECT_ROOT, 'config', 'release-train.schema.json');
const EXAMPLES = path.join(PROJECT_ROOT, 'config', 'examples');
const REACH = path.join(PROJECT_ROOT, 'config', 'schema', 'reach.yaml');

/** A config's text and the name it is known by. */
export interface ConfigSource {
  readonly file: string;
  readonly text: string;
}

/** One place in the config's shape: list items are `[]`, names a config gives are `*`. */
interface Shape {
  readonly expectations: Expectation[];
  readonly children: Map<string, Shape>;
  /** Where (document and key path) a mapping was expected here: its allowed keys, and those it had if any. */
  readonly instances: Map<string, Instance>;
}

interface Instance {
  readonly allowed: readonly string[];
  readonly present: ReadonlySet<string> | undefined;
}

const ITEM = '[]';
const NAME = '*';

const newShape = (): Shape => ({ expectations: [], children: new Map(), instances: new Map() });

/** The configs the schema is built from: every example, and the documents of reach.yaml. */
export function schemaSources(): ConfigSource[] {
  const examples = fs
    .readdirSync(EXAMPLES)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join(EXAMPLES, name));
  const reach = fs.readFileSync(REACH, 'utf8').split(/^---$/m);
  return [
    ...examples.map((file) => ({ file, text: fs.readFileSync(file, 'utf8') })),
    ...reach.map((text, i) => ({ file: `${REACH} (document ${i + 1})`, text })),
  ];
}

/** The schema as committed: built from schemaSources(), two-space JSON with a final newline. */
export function renderConfigSchema(): string {
  return `${JSON.stringify(buildConfigSchema(schemaSources()), null, 2)}\n`;
}

/** Reads every config with an observer; the configs that the loader refuses count too (their rules ran). */
export function buildConfigSchema(configs: readonly ConfigSource[]): JsonSchema {
  const root = newShape();
  /** Where a mapping was -> the keys it refused to miss there. */
  const requiredKeys = new Map<string, Set<string>>();
  configs.forEach(({ file, text }, doc) => {
    const data = dataOf(text);
    const namesAt = new Set<string>();
    const place = (path: KeyPath) => `${doc}:${JSON.stringify(path)}`;
    const observe = (path: KeyPath, expectation: Expectation) => {
      let shape = root;
      path.forEach((key, i) => {
        const general = typeof key === 'number' ? ITEM : namesAt.has(place(path.slice(0, i))) ? NAME : key;
        const child = shape.children.get(general) ?? newShape();
        shape.children.set(general, child);
        shape = child;
      });
      shape.expectations.push(expectation);
      if (expectation.kind === 'names') namesAt.add(place(path));
      if (expectation.kind === 'mapping')
        shape.instances.set(place(path), { allowed: expectation.keys, present: keysAt(data, path) });
      const key = path[path.length - 1];
      if ('required' in expectation && expectation.required && typeof key === 'string') {
        const parent = place(path.slice(0, -1));
        requiredKeys.set(parent, (requiredKeys.get(parent) ?? new Set()).add(key));
      }
    };
    try {
      parseConfig(text, file, file, observe);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
    }
  });
  const unreached: string[] = [];
  const schema = toSchema(root, '', { requiredKeys, unreached });
  if (unreached.length > 0)
    throw new Error(`no config read reaches these keys, so their rules are unknown: ${unreached.join(', ')}`);
  return withDefinitions({
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'release-train config',
    description:
      'Generated from the loader (config/schema/build.ts, `npm run schema`): do not edit. The loader also checks ' +
      'what a schema cannot say (keys that go together, references between entries, files next to the config).',
    ...schema,
  });
}

interface Context {
  readonly requiredKeys: ReadonlyMap<string, ReadonlySet<string>>;
  readonly unreached: string[];
}

function toSchema(shape: Shape, at: string, context: Context): JsonSchema {
  if (shape.expectations.length === 0) {
    context.unreached.push(at || '(top level)');
    return {};
  }
  const byKind = (kinds: readonly Expectation['kind'][]) => shape.expectations.filter((e) => kinds.includes(e.kind));
  const alternatives = [
    objectSchema(shape, byKind(['mapping', 'names']), at, context),
    scalarSchema(byKind(['string', 'enum', 'integer', 'boolean']), at),
    listSchema(shape, byKind(['list']), at, context),
  ].filter((s): s is JsonSchema => s !== undefined);
  return alternatives.length === 1 ? alternatives[0] : { anyOf: alternatives };
}

/** `at.key`, `at[]` or `at.*`, as the error lists them. */
const join = (at: string, key: string) => (key === ITEM ? `${at}[]` : at ? `${at}.${key}` : key);

function objectSchema(
  shape: Shape,
  expectations: readonly Expectation[],
  at: string,
  context: Context,
): JsonSchema | undefined {
  if (expectations.length === 0) return undefined;
  const names = expectations.filter((e) => e.kind === 'names');
  if (names.length > 0) {
    if (names.length !== expectations.length) throw new Error(`${at}: both fixed keys and given names`);
    const keyPattern = names.find((e) => e.keyPattern)?.keyPattern;
    const value = shape.children.get(NAME);
    return {
      type: 'object',
      ...(keyPattern && { propertyNames: { pattern: patternSource(keyPattern.pattern, at), ...describe(keyPattern) } }),
      // No name was given in any config read: what a value is stays unknown, so any is allowed.
      additionalProperties: value ? toSchema(value, join(at, NAME), context) : {},
    };
  }
  // One mapping per set of allowed keys: the readers of one place differ by branch (an Ark provisioned here or
  // an existing one, a test environment's roles by kind), and a config must fit one of them.
  const variants = new Map<string, Instance[]>();
  for (const instance of shape.instances.values()) {
    const id = JSON.stringify(instance.allowed);
    variants.set(id, [...(variants.get(id) ?? []), instance]);
  }
  const places = new Map([...shape.instances].map(([place, instance]) => [instance, place]));
  const refused = (instance: Instance, key: string) => context.requiredKeys.get(places.get(instance)!)?.has(key);
  const without = (instances: Iterable<Instance>, key: string) =>
    [...instances].filter(({ present }) => present && !present.has(key));
  const schemas = [...variants.values()].map((instances) => {
    const keys = instances[0].allowed;
    // Required: refused wherever a config read left it out, and left out somewhere (else nothing shows it); a
    // branch never seen without it takes the others' word (a test environment's kind, refused missing whatever
    // the kind would have been).
    const required = keys.filter((key) => {
      const missing = without(instances, key);
      const shown = missing.length > 0 ? missing : without(shape.instances.values(), key);
      return shown.length > 0 && shown.every((i) => refused(i, key));
    });
    const properties = Object.fromEntries(
      keys.map((key) => {
        const child = shape.children.get(key);
        if (!child) context.unreached.push(join(at, key));
        return [key, child ? toSchema(child, join(at, key), context) : {}];
      }),
    );
    return { type: 'object', properties, ...(required.length > 0 && { required }), additionalProperties: false };
  });
  return schemas.length === 1 ? schemas[0] : { anyOf: schemas };
}

function scalarSchema(expectations: readonly Expectation[], at: string): JsonSchema | undefined {
  if (expectations.length === 0) return undefined;
  const [schema, ...others] = expectations.map((e) => scalarOf(e, at));
  // Every reader that checks one place must check it alike: two rules for one key would be a loader bug.
  const strip = ({ default: _default, ...rest }: JsonSchema) => JSON.stringify(rest);
  for (const other of others)
    if (strip(other) !== strip(schema))
      throw new Error(`${at}: the loader checks it two ways: ${strip(schema)} and ${strip(other)}`);
  return schema;
}

function scalarOf(expectation: Expectation, at: string): JsonSchema {
  const withDefault = (value: unknown) => (value !== undefined ? { default: value } : {});
  switch (expectation.kind) {
    case 'string':
      return {
        type: 'string',
        ...(expectation.pattern && { pattern: patternSource(expectation.pattern, at) }),
        ...describe(expectation),
        ...withDefault(expectation.default),
      };
    case 'enum':
      return { type: 'string', enum: expectation.values, ...withDefault(expectation.default) };
    case 'integer':
      return {
        type: 'integer',
        minimum: expectation.min,
        maximum: expectation.max,
        ...withDefault(expectation.default),
      };
    case 'boolean':
      return { type: 'boolean', default: expectation.default };
    default:
      throw new Error(`${at}: not a scalar`);
  }
}

function listSchema(
  shape: Shape,
  expectations: readonly Expectation[],
  at: string,
  context: Context,
): JsonSchema | undefined {
  const lists = expectations.flatMap((e) => (e.kind === 'list' ? [e] : []));
  if (lists.length === 0) return undefined;
  const stringItems = lists.find((e) => e.item)?.item;
  const minItems = Math.max(0, ...lists.map((e) => e.minItems ?? 0));
  const items = stringItems
    ? {
        type: 'string',
        ...(stringItems.pattern && { pattern: patternSource(stringItems.pattern, at) }),
        ...(stringItems.expected && { description: stringItems.expected }),
      }
    : shape.children.has(ITEM)
      ? toSchema(shape.children.get(ITEM)!, join(at, ITEM), context)
      : (context.unreached.push(join(at, ITEM)), {});
  return {
    // `key:` with nothing after it is YAML null, read as an empty list where every reader of it says so.
    type: lists.every((e) => e.nullable) ? ['array', 'null'] : 'array',
    items,
    ...(minItems > 0 && { minItems }),
    ...(lists.some((e) => e.unique) && { uniqueItems: true }),
  };
}

/** A JSON Schema pattern is an ECMAScript regex without flags. */
function patternSource(pattern: RegExp, at: string): string {
  if (pattern.flags) throw new Error(`${at}: pattern ${pattern} has flags, which a JSON Schema pattern cannot carry`);
  return pattern.source;
}

const describe = (value: { readonly expected?: string }) => (value.expected ? { description: value.expected } : {});

/** The config as plain data, to see which keys a mapping had; undefined where the YAML does not parse. */
function dataOf(text: string): unknown {
  try {
    return parseDocument(text).toJS() as unknown;
  } catch {
    return undefined; // YAML the loader refuses before reading a key (a dangling alias, say)
  }
}

function keysAt(data: unknown, path: KeyPath): ReadonlySet<string> | undefined {
  const value = path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    data,
  );
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? new Set(Object.keys(value)) : undefined;
}
