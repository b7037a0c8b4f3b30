// Kayobe's etc/kayobe/pulp-repo-versions.yml: a flat map `stackhpc_pulp_repo_<short_name>_version: <V>`.
// Only keys already in the file are updated; its header, comments, order and other keys stay as they are,
// and no key is ever added (DOMAIN.md §4, §5.5). Image pins have the form of Kayobe's
// pulp-host-image-versions.yml, `stackhpc_<short_name>_version: <tag>`, and may sit in the same file.
const PIN = /^(stackhpc_pulp_repo_([a-z0-9_]+)_version:[ \t]*)(["']?)([^"'\s#]*)\3([ \t]*(#.*)?)$/;
const IMAGE_PIN = /^stackhpc_(?!pulp_repo_)([a-z0-9_]+)_version:[ \t]*(["']?)([^"'\s#]*)\2[ \t]*(#.*)?$/;

export interface PinUpdate {
  readonly text: string;
  /** `short_name: old -> new` for each changed key. */
  readonly updated: readonly string[];
}

export function updateRepoVersions(text: string, latest: ReadonlyMap<string, string>): PinUpdate {
  const updated: string[] = [];
  const lines = text.split('\n').map((line) => {
    const match = PIN.exec(line);
    if (!match) return line;
    const [, key, shortName, quote, current, trailing] = match;
    const version = latest.get(shortName);
    if (!version || version === current) return line;
    updated.push(`${shortName}: ${current} -> ${version}`);
    return `${key}${quote}${version}${quote}${trailing}`;
  });
  return { text: lines.join('\n'), updated };
}

/** `key -> value` of every line matching `pattern` whose value group is not empty. */
function pinsMatching(text: string, pattern: RegExp, key: number, value: number): Map<string, string> {
  const pins = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = pattern.exec(line);
    if (match && match[value]) pins.set(match[key], match[value]);
  }
  return pins;
}

/** The pins of a pulp-repo-versions.yml: short name -> snapshot version. */
export function readRepoVersions(text: string): Map<string, string> {
  return pinsMatching(text, PIN, 2, 4);
}

/** The image pins of a versions file: image short name -> tag. */
export function readImageVersions(text: string): Map<string, string> {
  return pinsMatching(text, IMAGE_PIN, 1, 3);
}
