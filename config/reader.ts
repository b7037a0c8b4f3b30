import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, visit } from 'yaml';
import { ConfigError, ConfigIssue } from './errors';
import type { ValuePattern } from './patterns';

export type KeyPath = readonly (string | number)[];

/**
 * What a getter expects at a key path: the loader's own rules, handed to an observer as they are checked, from
 * which config/schema/build.ts builds the published JSON Schema (so the schema cannot drift from the loader).
 * `required`: the value was missing here and the getter refused that (it has no default).
 */
export type Expectation =
  | { readonly kind: 'mapping'; readonly keys: readonly string[]; readonly required: boolean }
  /** A mapping whose keys are names the config gives (teams, base distros, metadata keys). */
  | { readonly kind: 'names'; readonly keyPattern?: ValuePattern }
  | {
      readonly kind: 'string';
      readonly pattern?: RegExp;
      readonly expected?: string;
      readonly default?: string;
      readonly required: boolean;
    }
  | {
      readonly kind: 'integer';
      readonly min: number;
      readonly max: number;
      readonly default?: number;
      readonly required: boolean;
    }
  | { readonly kind: 'boolean'; readonly default: boolean }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly default?: string; readonly required: boolean }
  /** A list; `item` when every item is a string of one pattern; `null` (`key:` alone) reads as empty when allowed. */
  | {
      readonly kind: 'list';
      readonly nullable: boolean;
      readonly minItems?: number;
      readonly unique?: boolean;
      readonly item?: { readonly pattern?: RegExp; readonly expected?: string };
      readonly required: boolean;
    };

/** Told every expectation the reader checks, whether or not the value is there. */
export type ExpectationObserver = (path: KeyPath, expectation: Expectation) => void;

export function formatKeyPath(path: KeyPath): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key),
    '',
  );
}

/**
 * Typed, positioned access to one YAML document. Every getter records an issue (with the node's line and
 * column) instead of throwing, so that one run reports every problem; `finish()` throws them together.
 */
export class YamlReader {
  private readonly issues: ConfigIssue[] = [];
  private readonly warningIssues: ConfigIssue[] = [];
  private readonly lineCounter = new LineCounter();
  private readonly doc: Document;

  constructor(
    text: string,
    public readonly file: string,
    private readonly observe?: ExpectationObserver,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
    for (const error of this.doc.errors) this.yamlIssue(error.pos[0], firstLine(error.message));
    // The yaml package only warns about a tag it does not know and drops it; its value would then be read
    // as if the tag were not there.
    for (const warning of this.doc.warnings) {
      const tag = /Unresolved tag: (\S+)/.exec(warning.message)?.[1];
      const message = tag ? `unknown tag ${tag} (expected plain YAML: no tags)` : firstLine(warning.message);
      this.yamlIssue(warning.pos[0], message);
    }
    // An alias to an anchor that is not defined before it would otherwise read as an absent value.
    visit(this.doc, {
      Alias: (_key, alias) => {
        if (alias.resolve(this.doc) === undefined)
          this.yamlIssue(alias.range?.[0] ?? 0, `alias *${alias.source} has no anchor &${alias.source} before it`);
      },
    });
  }

  private yamlIssue(offset: number, message: string): void {
    const { line, col } = this.lineCounter.linePos(offset);
    this.issues.push({ file: this.file, line, col, keyPath: '', message: `invalid YAML: ${message}` });
  }

  /** The node at `path`, or undefined when absent; aliases (`*name`) resolve to their anchor's node. */
  node(path: KeyPath): Node | undefined {
    let node = this.resolve(this.doc.contents ?? undefined);
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === key);
        node = this.resolve(pair?.value as Node | undefined);
      } else if (isSeq(node) && typeof key === 'number') {
        node = this.resolve(node.items[key] as Node | undefined);
      } else {
        return undefined;
      }
    }
    return node;
  }

  private resolve(node: Node | undefined): Node | undefined {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  has(path: KeyPath): boolean {
    return this.node(path) !== undefined;
  }

  /** Records an issue located at the value at `path` (or at its nearest present parent). */
  error(path: KeyPath, message: string): void {
    let at = path;
    let node = this.node(at);
    while (!node && at.length > 0) {
      at = at.slice(0, -1);
      node = this.node(at);
    }
    this.errorAt(node, path, message);
  }

  /** Records a warning at the value at `path` (or its nearest present parent): reported, never a refusal. */
  warn(path: KeyPath, message: string): void {
    let at = path;
    while (!this.node(at) && at.length > 0) at = at.slice(0, -1);
    const { line, col } = this.lineCounter.linePos(this.node(at)?.range?.[0] ?? 0);
    this.warningIssues.push({
      file: this.file,
      line,
      col,
      keyPath: formatKeyPath(path),
      message: `warning: ${message}`,
    });
  }

  /** The warnings recorded so far. */
  warnings(): readonly ConfigIssue[] {
    return [...this.warningIssues];
  }

  private errorAt(node: Node | undefined, path: KeyPath, message: string): void {
    const { line, col } = this.lineCounter.linePos(node?.range?.[0] ?? 0);
    this.issues.push({ file: this.file, line, col, keyPath: formatKeyPath(path), message });
  }

  /**
   * Checks that `path` is a mapping holding only `allowed` keys; returns whether it is a mapping. `misplaced`
   * gives, for keys that belong elsewhere (another repository type's), what to write here instead: the hint
   * replaces a "did you mean" guess, which would point at a key of this mapping that does something else.
   */
  object(
    path: KeyPath,
    allowed: readonly string[],
    required = true,
    misplaced: Readonly<Record<string, string>> = {},
  ): boolean {
    this.observe?.(path, { kind: 'mapping', keys: allowed, required: required && !this.has(path) });
    return this.mapping(path, allowed, required, misplaced);
  }

  /**
   * A mapping whose keys are names given elsewhere in the config (`allowed`), or any names matching
   * `keyPattern`: team permissions, a distro's unbuildable images, Nova metadata.
   */
  names(path: KeyPath, options: { allowed?: readonly string[]; keyPattern?: ValuePattern }): boolean {
    this.observe?.(path, { kind: 'names', keyPattern: options.keyPattern });
    if (!this.mapping(path, options.allowed ?? this.keys(path), false)) return false;
    const { keyPattern } = options;
    if (keyPattern)
      for (const key of this.keys(path))
        if (!keyPattern.pattern.test(key))
          this.error([...path, key], `invalid key (expected ${keyPattern.expected}, got ${JSON.stringify(key)})`);
    return true;
  }

  private mapping(
    path: KeyPath,
    allowed: readonly string[],
    required: boolean,
    misplaced: Readonly<Record<string, string>> = {},
  ): boolean {
    const node = this.node(path);
    if (node === undefined) {
      if (required) this.error(path, 'missing (expected a mapping)');
      return false;
    }
    if (!isMap(node)) {
      this.error(path, `wrong type (expected a mapping, got ${describe(node)})`);
      return false;
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (!allowed.includes(key)) {
        const keyNode = isScalar(pair.key) ? pair.key : undefined;
        const suggestion = closest(key, allowed);
        const hint = Object.hasOwn(misplaced, key)
          ? `; ${misplaced[key]}`
          : suggestion
            ? `; did you mean "${suggestion}"?`
            : '';
        this.errorAt(keyNode, [...path, key], `unknown key${hint} (expected one of: ${allowed.join(', ')})`);
      }
    }
    return true;
  }

  string(path: KeyPath, options: { pattern?: RegExp; expected?: string }): string | undefined;
  string(path: KeyPath, options: { pattern?: RegExp; expected?: string; default: string }): string;
  string(path: KeyPath, options: { pattern?: RegExp; expected?: string; default?: string }): string | undefined {
    this.observe?.(path, { kind: 'string', ...options, required: options.default === undefined && !this.has(path) });
    return this.readString(path, options);
  }

  private readString(
    path: KeyPath,
    options: { pattern?: RegExp; expected?: string; default?: string },
  ): string | undefined {
    const node = this.node(path);
    if (node === undefined) {
      if (options.default === undefined) this.error(path, `missing (expected ${options.expected ?? 'a string'})`);
      return options.default;
    }
    if (!isScalar(node) || typeof node.value !== 'string') {
      this.error(path, `wrong type (expected ${options.expected ?? 'a string'}, got ${describe(node)})`);
      return undefined;
    }
    if (options.pattern && !options.pattern.test(node.value)) {
      this.error(
        path,
        `invalid value (expected ${options.expected ?? `a match for ${options.pattern}`}, got ${JSON.stringify(node.value)})`,
      );
      return undefined;
    }
    return node.value;
  }

  optionalString(path: KeyPath, options: { pattern?: RegExp; expected?: string } = {}): string | undefined {
    this.observe?.(path, { kind: 'string', ...options, required: false });
    return this.has(path) ? this.readString(path, options) : undefined;
  }

  integer(path: KeyPath, options: { min: number; max: number; default?: number }): number | undefined {
    this.observe?.(path, { kind: 'integer', ...options, required: options.default === undefined && !this.has(path) });
    const node = this.node(path);
    if (node === undefined) {
      if (options.default === undefined)
        this.error(path, `missing (expected an integer from ${options.min} to ${options.max})`);
      return options.default;
    }
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < options.min || value > options.max) {
      this.error(
        path,
        `invalid value (expected an integer from ${options.min} to ${options.max}, got ${describe(node)})`,
      );
      return undefined;
    }
    return value;
  }

  boolean(path: KeyPath, defaultValue: boolean): boolean {
    this.observe?.(path, { kind: 'boolean', default: defaultValue });
    const node = this.node(path);
    if (node === undefined) return defaultValue;
    if (!isScalar(node) || typeof node.value !== 'boolean') {
      this.error(path, `wrong type (expected true or false, got ${describe(node)})`);
      return defaultValue;
    }
    return node.value;
  }

  /** One of a fixed set of words, e.g. Pulp's download policies. */
  oneOf<T extends string>(path: KeyPath, values: readonly T[], defaultValue?: T): T | undefined {
    const expected = `one of ${values.join(', ')}`;
    this.observe?.(path, {
      kind: 'enum',
      values,
      default: defaultValue,
      required: defaultValue === undefined && !this.has(path),
    });
    const value = this.has(path) ? this.readString(path, { expected }) : undefined;
    if (value === undefined) {
      if (!this.has(path) && defaultValue === undefined) this.error(path, `missing (expected ${expected})`);
      return defaultValue;
    }
    if (!(values as readonly string[]).includes(value)) {
      this.error(path, `invalid value (expected ${expected}, got ${JSON.stringify(value)})`);
      return defaultValue;
    }
    return value as T;
  }

  /** The number of items of the list at `path` (0 when absent); records an issue when it is not a list. */
  listLength(path: KeyPath): number {
    this.observe?.(path, { kind: 'list', nullable: true, required: false });
    const node = this.node(path);
    // `key:` with nothing after it is YAML null: an empty list, not a type error.
    if (node === undefined || (isScalar(node) && node.value === null)) return 0;
    if (!isSeq(node)) {
      this.error(path, `wrong type (expected a list, got ${describe(node)})`);
      return 0;
    }
    return node.items.length;
  }

  /** A list of strings, each checked against `pattern`. */
  stringList(
    path: KeyPath,
    options: { pattern?: RegExp; expected?: string; minItems?: number; default?: string[] },
  ): string[] {
    this.observe?.(path, {
      kind: 'list',
      nullable: false,
      minItems: options.minItems,
      unique: true,
      item: { pattern: options.pattern, expected: options.expected },
      required: options.default === undefined && !this.has(path),
    });
    const node = this.node(path);
    if (node === undefined) {
      if (options.default === undefined) this.error(path, 'missing (expected a list)');
      return options.default ?? [];
    }
    if (!isSeq(node)) {
      this.error(path, `wrong type (expected a list, got ${describe(node)})`);
      return [];
    }
    if (node.items.length < (options.minItems ?? 0)) {
      this.error(path, `too few items (expected at least ${options.minItems}, got ${node.items.length})`);
    }
    // Every list of strings in the config is a set (CIDRs, groups, tags...): a repeat is a mistake, and
    // would name two resources alike.
    const firstIndex = new Map<string, number>();
    node.items.forEach((_item, index) => {
      const value = this.readString([...path, index], { pattern: options.pattern, expected: options.expected });
      if (value === undefined) return;
      const first = firstIndex.get(value);
      if (first === undefined) firstIndex.set(value, index);
      else
        this.error(
          [...path, index],
          `duplicate (expected each item once, got ${JSON.stringify(value)}, also at ${formatKeyPath([...path, first])})`,
        );
    });
    return [...firstIndex.keys()];
  }

  /** A list whose items each have a `name` that must be unique (it names a stack, say); `what` names them. */
  namedList<T extends { readonly name: string }>(path: KeyPath, what: string, read: (at: KeyPath) => T): T[] {
    const items = Array.from({ length: this.listLength(path) }, (_, i) => read([...path, i]));
    const seen = new Map<string, KeyPath>();
    items.forEach((item, i) => {
      const at = [...path, i, 'name'];
      const first = seen.get(item.name);
      if (!first) seen.set(item.name, at);
      else
        this.error(
          at,
          `duplicate (expected a unique ${what} name, got ${JSON.stringify(item.name)}, also at ${formatKeyPath(first)})`,
        );
    });
    return items;
  }

  /** Keys of the mapping at `path`, in file order. */
  keys(path: KeyPath): string[] {
    const node = this.node(path);
    if (!isMap(node)) return [];
    return node.items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)));
  }

  /** Throws a ConfigError with every recorded issue, if any. */
  finish(): void {
    if (this.issues.length > 0) throw new ConfigError(this.issues);
  }
}

function describe(node: Node): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'null' : `${typeof node.value} ${JSON.stringify(node.value)}`;
  return 'an unsupported YAML node';
}

/** The allowed key nearest to `key` by edit distance, when near enough to be a likely typo. */
function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.ceil(key.length / 2)) + 1;
  for (const candidate of allowed) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
