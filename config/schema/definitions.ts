// A rule the loader checks at several places (a network, a host's keys, a CIDR) stands once in the published
// schema's `definitions`, named after the first place it stands (in the schema's order, its definitions last),
// and every place refers to it: the file then reads as the config's vocabulary, and a changed rule changes one
// entry of it.

export type JsonSchema = { readonly [key: string]: unknown };

/** Below this many characters of JSON a repeated rule stays where it is: a reference would not be shorter. */
const MIN_CHARACTERS = 200;

/** The subschemas of `schema`, with the key path each stands for (`ark.network`, `ark.adminCidrs.item`). */
function subschemas(schema: JsonSchema, place: string): [string, JsonSchema][] {
  const found: [string, JsonSchema][] = [];
  const add = (value: unknown, at: string) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) found.push([at, value as JsonSchema]);
  };
  const join = (key: string) => (place ? `${place}.${key}` : key);
  for (const [key, value] of Object.entries((schema.properties ?? {}) as Record<string, unknown>))
    add(value, join(key));
  add(schema.items, join('item'));
  add(schema.additionalProperties, join('value'));
  add(schema.propertyNames, join('name'));
  for (const option of (schema.anyOf ?? []) as unknown[]) add(option, place);
  return found;
}

/** Every subschema below `schema`, depth first, with its place. */
function everySubschema(schema: JsonSchema, place: string): [string, JsonSchema][] {
  return subschemas(schema, place).flatMap(([at, child]) => [[at, child], ...everySubschema(child, at)]);
}

/** `schema` with each subschema whose JSON is `json` replaced by `ref`. */
function replaced(schema: JsonSchema, json: string, ref: JsonSchema): JsonSchema {
  const swap = (value: unknown): unknown => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    return JSON.stringify(value) === json ? ref : replaced(value as JsonSchema, json, ref);
  };
  const out: Record<string, unknown> = { ...schema };
  if (schema.properties)
    out.properties = Object.fromEntries(
      Object.entries(schema.properties as Record<string, unknown>).map(([k, v]) => [k, swap(v)]),
    );
  for (const key of ['items', 'additionalProperties', 'propertyNames']) if (key in schema) out[key] = swap(schema[key]);
  if (schema.anyOf) out.anyOf = (schema.anyOf as unknown[]).map(swap);
  return out;
}

/** Moves each rule that stands at two or more places into `definitions`, the largest first. */
export function withDefinitions(schema: JsonSchema): JsonSchema {
  let root = schema;
  const definitions: Record<string, JsonSchema> = {};
  for (;;) {
    const seen = new Map<string, { count: number; place: string }>();
    const all = [
      ...everySubschema(root, ''),
      ...Object.entries(definitions).flatMap(([name, d]) => everySubschema(d, name)),
    ];
    for (const [place, child] of all) {
      const json = JSON.stringify(child);
      const entry = seen.get(json);
      if (entry) entry.count++;
      else seen.set(json, { count: 1, place });
    }
    const repeated = [...seen].filter(([json, { count }]) => count > 1 && json.length >= MIN_CHARACTERS);
    if (repeated.length === 0) break;
    const [json, { place }] = repeated.reduce((best, next) => (next[0].length > best[0].length ? next : best));
    let name = place || 'root';
    for (let n = 2; name in definitions; n++) name = `${place}-${n}`;
    definitions[name] = JSON.parse(json) as JsonSchema;
    const ref = { $ref: `#/definitions/${name}` };
    root = replaced(root, json, ref);
    for (const [other, definition] of Object.entries(definitions))
      if (other !== name) definitions[other] = replaced(definition, json, ref);
    definitions[name] = replaced(definitions[name], json, ref);
  }
  return Object.keys(definitions).length > 0 ? { ...root, definitions } : root;
}
