// The schema a prebuilt cdktf provider package was generated from, read back from its generated code: every
// resource's `synthesizeAttributes()` lists the Terraform attribute names with the converter of each
// (string, number, boolean, list, map or a nested block's own converter). With it, synthesised JSON can be
// checked attribute by attribute when the provider binary itself cannot run (versions.json: `blocked`).
import * as fs from 'node:fs';
import * as path from 'node:path';

export type AttributeKind = 'string' | 'number' | 'boolean' | 'list' | 'map' | 'any';

export interface BlockSchema {
  readonly attributes: Readonly<Record<string, AttributeKind>>;
  readonly blocks: Readonly<Record<string, BlockSchema>>;
}

export interface PackageSchema {
  /** The provider block, by provider name (e.g. `github`). */
  readonly providers: Readonly<Record<string, BlockSchema>>;
  readonly resources: Readonly<Record<string, BlockSchema>>;
  readonly dataSources: Readonly<Record<string, BlockSchema>>;
}

/** Terraform's meta-arguments and cdktf's metadata, allowed on every resource. */
const RESOURCE_META = ['//', 'lifecycle', 'depends_on', 'count', 'for_each', 'provider', 'provisioner', 'connection'];
const PROVIDER_META = ['alias'];

/** `key: expression,` lines of the object literal that follows `opening` in `text`. */
function objectEntries(text: string, opening: string): [string, string][] {
  const start = text.indexOf(opening);
  if (start < 0) return [];
  const rest = text.slice(start + opening.length);
  // Each entry is one line; the first line that closes an object literal ends this one.
  const body = rest.slice(0, rest.search(/\n\s*\};/));
  return [...body.matchAll(/^\s+(\w+): (.+),$/gm)].map((m) => [m[1], m[2]]);
}

function kindOf(expression: string): AttributeKind | { block: string } {
  // A nested block goes through the package's own converter (`xyzToTerraform`), cdktf's are `cdktf.*`.
  const block = /^(?:cdktf\.listMapper\()?(?!cdktf\.)(\w+)ToTerraform\b/.exec(expression);
  if (block) return { block: block[1] };
  if (expression.startsWith('cdktf.stringToTerraform(')) return 'string';
  if (expression.startsWith('cdktf.numberToTerraform(')) return 'number';
  if (expression.startsWith('cdktf.booleanToTerraform(')) return 'boolean';
  if (expression.startsWith('cdktf.listMapper(')) return 'list';
  if (expression.startsWith('cdktf.hashMapper(')) return 'map';
  return 'any';
}

function blockSchema(text: string, opening: string): BlockSchema {
  const attributes: Record<string, AttributeKind> = {};
  const blocks: Record<string, BlockSchema> = {};
  for (const [name, expression] of objectEntries(text, opening)) {
    const kind = kindOf(expression);
    if (typeof kind === 'string') attributes[name] = kind;
    else blocks[name] = blockSchema(text, `function ${kind.block}ToTerraform(struct) {`);
  }
  return { attributes, blocks };
}

/** Reads every module of `<package>/lib/<name>/index.js`. */
export function readPackageSchema(packageDir: string): PackageSchema {
  const providers: Record<string, BlockSchema> = {};
  const resources: Record<string, BlockSchema> = {};
  const dataSources: Record<string, BlockSchema> = {};
  const lib = path.join(packageDir, 'lib');
  for (const entry of fs.readdirSync(lib, { withFileTypes: true })) {
    const file = path.join(lib, entry.name, 'index.js');
    if (!entry.isDirectory() || !fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    const type = /\w+\.tfResourceType = "(\w+)";/.exec(text)?.[1];
    if (!type) continue;
    const schema = blockSchema(text, 'synthesizeAttributes() {');
    if (entry.name === 'provider') providers[type] = schema;
    else if (entry.name.startsWith('data-')) dataSources[type] = schema;
    else resources[type] = schema;
  }
  return { providers, resources, dataSources };
}

function typeProblem(kind: AttributeKind, value: unknown): string | undefined {
  // A reference (`${...}`) is typed by Terraform when planning.
  if (typeof value === 'string' && value.includes('${')) return undefined;
  const actual = Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value;
  const expected = kind === 'map' ? 'object' : kind;
  return kind === 'any' || actual === expected ? undefined : `expected ${kind}, got ${actual} ${JSON.stringify(value)}`;
}

/** Every attribute of `body` that `schema` does not know, or whose value has the wrong kind. */
export function blockProblems(
  where: string,
  body: Record<string, unknown>,
  schema: BlockSchema,
  meta: readonly string[] = [],
): string[] {
  return Object.entries(body).flatMap(([name, value]) => {
    if (meta.includes(name)) return [];
    if (name in schema.attributes) {
      const problem = typeProblem(schema.attributes[name], value);
      return problem ? [`${where}.${name}: ${problem}`] : [];
    }
    const block = schema.blocks[name];
    if (!block) return [`${where}.${name}: unknown attribute`];
    const items = Array.isArray(value) ? value : [value];
    return items.flatMap((item, i) =>
      item && typeof item === 'object'
        ? blockProblems(`${where}.${name}[${i}]`, item as Record<string, unknown>, block)
        : [`${where}.${name}[${i}]: expected a block, got ${JSON.stringify(item)}`],
    );
  });
}

/** Problems of a whole synthesised stack (cdk.tf.json) against the schema. */
export function stackProblems(stackJson: any, schema: PackageSchema): string[] {
  const problems: string[] = [];
  for (const [name, blocks] of Object.entries<any[]>(stackJson.provider ?? {})) {
    const provider = schema.providers[name];
    if (!provider) problems.push(`provider.${name}: unknown provider`);
    else
      blocks.forEach((body, i) =>
        problems.push(...blockProblems(`provider.${name}[${i}]`, body, provider, PROVIDER_META)),
      );
  }
  for (const [section, known] of [
    ['resource', schema.resources],
    ['data', schema.dataSources],
  ] as const) {
    for (const [type, byName] of Object.entries<Record<string, any>>(stackJson[section] ?? {})) {
      const resource = known[type];
      for (const [name, body] of Object.entries(byName)) {
        if (!resource) problems.push(`${section}.${type}.${name}: unknown type`);
        else problems.push(...blockProblems(`${section}.${type}.${name}`, body, resource, RESOURCE_META));
      }
    }
  }
  return problems;
}
