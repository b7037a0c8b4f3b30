// Kayobe's etc/kayobe/pulp-repo-versions.yml: a flat map `stackhpc_pulp_repo_<short_name>_version: <V>`.
// Only keys already in the file are updated; its header, comments, order and other keys stay as they are,
// and no key is ever added (DOMAIN.md §4, §5.5). Image pins have the form of Kayobe's
// pulp-host-image-versions.yml, `stackhpc_<short_name>_version: <tag>`, and may sit in the same file.
import { isMap, isScalar, parseDocument, Scalar } from 'yaml';

const PIN_KEY = /^stackhpc_pulp_repo_([a-z0-9_]+)_version$/;
const IMAGE_PIN_KEY = /^stackhpc_(?!pulp_repo_)([a-z0-9_]+)_version$/;

export interface PinUpdate {
  readonly text: string;
  /** `short_name: old -> new` for each changed key. */
  readonly updated: readonly string[];
}

interface Pin {
  readonly shortName: string;
  /** As written (`1.10` stays `1.10`, not the number 1.1). */
  readonly value: string;
  readonly scalar: Scalar;
}

/**
 * The top-level pins whose key matches `key` (its group 1 is the short name), found through the YAML Document,
 * so that a key in any YAML form is found and a quote or a comment is never taken for part of the value.
 */
function pinsOf(text: string, key: RegExp): Pin[] {
  const { contents } = parseDocument(text);
  if (!isMap(contents)) return [];
  return contents.items.flatMap(({ key: keyNode, value }) => {
    const shortName = isScalar(keyNode) ? key.exec(String(keyNode.value))?.[1] : undefined;
    // `source`: the value as written, which a parsed scalar always has (empty for `key:` alone).
    if (!shortName || !isScalar(value) || value.value === null || !value.source) return [];
    return [{ shortName, value: value.source, scalar: value }];
  });
}

/**
 * Each changed value is replaced where the Document found it, in the same quotes: the rest of the file stays
 * byte for byte (re-serialising the Document would re-space comments and re-fold long lines).
 */
export function updateRepoVersions(text: string, latest: ReadonlyMap<string, string>): PinUpdate {
  const updated: string[] = [];
  const edits: { start: number; end: number; value: string }[] = [];
  for (const { shortName, value, scalar } of pinsOf(text, PIN_KEY)) {
    const version = latest.get(shortName);
    if (!version || version === value || !scalar.range) continue;
    updated.push(`${shortName}: ${value} -> ${version}`);
    const quote = scalar.type === Scalar.QUOTE_DOUBLE ? '"' : scalar.type === Scalar.QUOTE_SINGLE ? "'" : '';
    edits.push({ start: scalar.range[0], end: scalar.range[1], value: `${quote}${version}${quote}` });
  }
  const edited = edits.reduceRight((out, { start, end, value }) => out.slice(0, start) + value + out.slice(end), text);
  return { text: edited, updated };
}

/** The pins of a pulp-repo-versions.yml: short name -> snapshot version. */
export function readRepoVersions(text: string): Map<string, string> {
  return new Map(pinsOf(text, PIN_KEY).map(({ shortName, value }) => [shortName, value]));
}

/** The image pins of a versions file: image short name -> tag. */
export function readImageVersions(text: string): Map<string, string> {
  return new Map(pinsOf(text, IMAGE_PIN_KEY).map(({ shortName, value }) => [shortName, value]));
}
