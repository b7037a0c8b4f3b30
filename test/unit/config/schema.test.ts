// The published JSON Schema (config/release-train.schema.json) against the loader it is built from: ajv, an
// independent validator, must accept every example and refuse every config the loader refuses for a reason
// a schema can state. The cases only the loader can catch are listed with why.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';
import { ConfigError, parseConfig } from '../../../config';
import { buildConfigSchema, renderConfigSchema, SCHEMA_FILE, schemaSources } from '../../../config/schema/build';
import { withDefinitions } from '../../../config/schema/definitions';
import { formatKeyPath } from '../../../config/reader';

const ROOT = path.join(__dirname, '..', '..', '..');
const EXAMPLES = path.join(ROOT, 'config', 'examples');
const CORPUS = path.join(ROOT, 'test', 'bad-config');
const yamlFiles = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort();

/** Refused by the loader for what a JSON Schema cannot say: references, combinations, files, YAML itself. */
const LOADER_ONLY: Record<string, string> = {
  '19-mirror-dangling-upstream': 'reference: upstream must name the ark of the same file',
  '20-mirror-without-ark': 'reference: upstream needs an ark section to name',
  '22-duplicate-mirror-names': 'uniqueness of one key across list items',
  '23-duplicate-repository-names': 'uniqueness of names across four lists',
  '24-duplicate-base-paths': 'uniqueness of base paths across lists',
  '25-overlapping-base-paths': 'one path nested in another: a relation between values',
  '26-guard-naming-unknown-group': 'reference: a group must be one of content.groups',
  '27-user-in-unknown-group': 'reference: a group must be one of content.groups',
  '28-id-and-name-lookup': 'combination: flavorId or flavorName, not both',
  '32-backend-with-two-kinds': 'combination: exactly one backend kind',
  '34-scale-without-object-storage': 'combination: scale needs objectStorage',
  '38-duplicate-test-environment-names': 'uniqueness of one key across list items',
  '41-duplicate-usernames': 'uniqueness of one key across list items',
  '44-namespace-consumer-unknown-group': 'reference: a consumer must be one of content.groups',
  '48-versions-file-not-found': 'a file next to the config must exist',
  '52-duplicate-short-names': 'uniqueness of short names across rpm and deb',
  '53-remote-username-without-password-env': 'combination: remoteUsername and remotePasswordEnv together',
  '54-pushed-container-with-a-url': 'combination: no url with push: true',
  '55-mirror-hostname-is-arks': "relation between values: a mirror's hostname differs from Ark's",
  '56-scale-without-tls': 'combination: tls must be true when scale is given',
  '57-network-create-and-existing': 'combination: exactly one of create or existing',
  '59-duplicate-build-host-pool-names': 'uniqueness of one key across list items',
  '65-duplicate-content-guard-names': 'uniqueness of one key across list items',
  '70-unknown-yaml-tag': 'a YAML tag: the parsed data a schema sees no longer carries it',
  '71-duplicate-infra-vm-names': 'uniqueness of one key across list items',
  '72-test-environment-dangling-pulp-mirror': 'reference: pulpMirror must name a mirror',
  '73-test-environment-pulp-mirror-without-pins': 'reference: the named mirror must have a versionsFile',
  '82-image-name-taken-by-a-file-repository': 'uniqueness of names across lists',
  '83-image-base-path-inside-another': 'one path nested in another: a relation between values',
  '84-image-duplicate-short-names': 'uniqueness of one key across list items',
  '90-source-repos-team-not-declared': 'reference: a team key must be one of sourceRepos.teams',
  '91-source-repos-maintainer-and-member': 'relation between two lists: a user in one of them only',
  '94-source-repos-new-repository-release-default-branch': 'combination: defaultBranch other than main needs import',
  '95-source-repos-archived-with-protections': 'combination: no branch protections when archived',
};

const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as object;
const validate = new Ajv({ allErrors: true }).compile(schema);

/** What ajv makes of a config's text: accepted, or the key paths it refuses (YAML it cannot parse: ['']). */
function ajvVerdict(text: string): { accepted: boolean; places: string[] } {
  const doc = parseDocument(text, { uniqueKeys: true });
  let data: unknown;
  try {
    if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
    data = doc.toJS();
  } catch {
    return { accepted: false, places: [''] }; // no data: what every editor's YAML parser refuses first
  }
  if (validate(data)) return { accepted: true, places: [] };
  return { accepted: false, places: (validate.errors ?? []).map(placeOf) };
}

/** ajv's `/ark/suppressions/0` as the loader writes it, with the key a missing or unknown-key error names. */
function placeOf(error: ErrorObject): string {
  const keys = error.instancePath
    .split('/')
    .slice(1)
    .map((key) => (/^\d+$/.test(key) ? Number(key) : key.replace(/~1/g, '/').replace(/~0/g, '~')));
  const named = (error.params as { missingProperty?: string; additionalProperty?: string }) ?? {};
  const key = named.missingProperty ?? named.additionalProperty;
  return formatKeyPath(key === undefined ? keys : [...keys, key]);
}

type Data = Record<string, unknown> | unknown[];
const isData = (value: unknown): value is Data => value !== null && typeof value === 'object';

/** The key path of every mapping key in parsed YAML, depth first. */
function keyPaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => keyPaths(item, [...at, i]));
  if (!isData(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => [[...at, key], ...keyPaths(child, [...at, key])]);
}

/** A copy of `data` without the key at `at`. */
function withoutKey(data: unknown, at: readonly (string | number)[]): unknown {
  const copy = structuredClone(data);
  const parent = at.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], copy);
  delete (parent as Record<string, unknown>)[at[at.length - 1]];
  return copy;
}

/** The loader's verdict: undefined when it accepts, else the key paths of its issues. */
function loaderIssues(file: string): string[] | undefined {
  try {
    parseConfig(fs.readFileSync(file, 'utf8'), path.relative(ROOT, file), file);
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((issue) => issue.keyPath);
  }
}

describe('config/release-train.schema.json', () => {
  test('is current (refresh with `npm run schema`)', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderConfigSchema());
  });

  test.each(yamlFiles(EXAMPLES))('the example %s names the schema on its first line', (name) => {
    const first = fs.readFileSync(path.join(EXAMPLES, name), 'utf8').split('\n')[0];
    expect(first).toBe('# yaml-language-server: $schema=../release-train.schema.json');
    expect(path.resolve(EXAMPLES, '../release-train.schema.json')).toBe(SCHEMA_FILE);
  });

  test('gives editors what the loader says: patterns, ranges, defaults and allowed words', () => {
    const ark = (schema as { properties: Record<string, { anyOf: { properties: Record<string, object> }[] }> })
      .properties.ark.anyOf[0].properties;
    expect(ark.bootVolumeSizeGiB).toEqual({ type: 'integer', minimum: 1, maximum: 16384, default: 50 });
    expect(ark.tls).toEqual({ type: 'boolean', default: true });
    expect(ark.hostname).toMatchObject({ type: 'string', description: expect.stringMatching(/DNS name/) });
  });

  test('names a rule checked at several places once, in definitions, and refers to it from each', () => {
    const cidr = { type: 'string', pattern: `^${'[0-9a-f:.]'.repeat(30)}/\\d+$` };
    const list = { type: 'array', items: cidr };
    const out = withDefinitions({ type: 'object', properties: { admin: list, content: list, one: cidr } });
    expect(out).toEqual({
      type: 'object',
      properties: {
        admin: { $ref: '#/definitions/admin' },
        content: { $ref: '#/definitions/admin' },
        one: { $ref: '#/definitions/one' },
      },
      definitions: { admin: { type: 'array', items: { $ref: '#/definitions/one' } }, one: cidr },
    });
  });

  test('fails to build when a key the loader allows is reached by no config', () => {
    const withoutPg = schemaSources().filter(({ text }) => !/^backend: \{ pg:/m.test(text));
    expect(() => buildConfigSchema(withoutPg)).toThrow(/no config read reaches these keys, .*: backend\.pg$/);
  });
});

describe('ajv and the loader agree', () => {
  test.each(yamlFiles(EXAMPLES))('the example %s is valid for both', (name) => {
    const file = path.join(EXAMPLES, name);
    expect(loaderIssues(file)).toBeUndefined();
    expect(ajvVerdict(fs.readFileSync(file, 'utf8'))).toEqual({ accepted: true, places: [] });
  });

  test.each(yamlFiles(CORPUS).map((name) => name.slice(0, -'.yaml'.length)))('bad config %s', (name) => {
    const file = path.join(CORPUS, `${name}.yaml`);
    const loader = loaderIssues(file);
    const ajv = ajvVerdict(fs.readFileSync(file, 'utf8'));
    if (loader === undefined) {
      // Refused later, by synthesis (a rule of the security pack): the schema must not refuse it first.
      expect(ajv.accepted).toBe(true);
    } else if (name in LOADER_ONLY) {
      expect(ajv.accepted).toBe(true);
    } else {
      // Refused by both, at one of the places the loader names, or within it, or at the mapping holding it.
      expect(ajv.accepted).toBe(false);
      const within = (inner: string, outer: string) =>
        !outer || inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
      const near = ajv.places.some((place) => loader.some((at) => within(at, place) || within(place, at)));
      expect({ near, ajv: ajv.places, loader }).toMatchObject({ near: true });
    }
  });

  test.each([
    ['a list for old, a mapping for new', 'old: [kibana], new: { rocky: [kibana] }'],
    ['a mapping for old, a list for new', 'old: { rocky: [kibana] }, new: [kibana]'],
  ])("a matrix's unbuildable images in either form (%s) are valid for both", (_form, unbuildable) => {
    const text = `content:\n  containerMatrix:\n    - images: [nova-api, kibana]\n      baseDistros: [rocky]\n      unbuildable: { ${unbuildable} }\n      namespaces: [{ name: stackhpc }]\n`;
    expect(() => parseConfig(text, 'matrix.yaml')).not.toThrow();
    expect(ajvVerdict(text)).toEqual({ accepted: true, places: [] });
  });

  test.each(yamlFiles(EXAMPLES))(
    'the example %s with any one key left out: ajv never refuses what the loader takes',
    (name) => {
      const file = path.join(EXAMPLES, name);
      const data = parseDocument(fs.readFileSync(file, 'utf8')).toJS() as unknown;
      const stricter: string[] = [];
      // One item of a list stands for the others: each key path is tried once, in its first item.
      const tried = new Set<string>();
      for (const at of keyPaths(data)) {
        const general = at.map((key) => (typeof key === 'number' ? '[]' : key)).join('.');
        if (tried.has(general)) continue;
        tried.add(general);
        const variant = withoutKey(data, at);
        // JSON is YAML: the loader reads the variant as it would the file (positions aside).
        const loaderTakes = (() => {
          try {
            parseConfig(JSON.stringify(variant), file, file);
            return true;
          } catch (error) {
            if (error instanceof ConfigError) return false;
            throw error;
          }
        })();
        if (loaderTakes && !validate(variant)) stricter.push(formatKeyPath(at));
      }
      expect(stricter).toEqual([]);
    },
  );

  test('every case listed as loader-only is in the corpus', () => {
    const cases = yamlFiles(CORPUS).map((name) => name.slice(0, -'.yaml'.length));
    expect(cases).toEqual(expect.arrayContaining(Object.keys(LOADER_ONLY)));
  });
});
