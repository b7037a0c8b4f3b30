// Kolla's container images as the release train states them (DOMAIN.md §3.4): a list of images x the base
// distros x the two naming schemes, less the images a distro cannot build, in each namespace. The loader
// expands a matrix into the same typed container entries as hand-written ones, each remembering the matrix
// line that produced it, so that a problem with an expanded entry is reported there.
import { isMap } from 'yaml';
import { ContainerRepositoryConfig } from './content';
import { KeyPath, YamlReader } from './reader';

/** `old`: `<namespace>/<distro>-source-<image>` (Yoga and earlier); `new`: `<namespace>/<image>` (Zed on). */
export type NamingScheme = 'old' | 'new';
const NAMING_SCHEMES: readonly NamingScheme[] = ['old', 'new'];

/** One container entry of a matrix, with the matrix line it came from. */
export interface ExpandedContainer {
  readonly entry: ContainerRepositoryConfig;
  /** The image's line in the matrix (`images[i]`), where a problem with this entry is reported. */
  readonly path: KeyPath;
}

/** What the namespace's entries share: the fields of a hand-written container entry besides its name. */
export type NamespaceSettings = Omit<ContainerRepositoryConfig, 'name'>;

export interface ContainerMatrix {
  readonly images: readonly string[];
  readonly baseDistros: readonly string[];
  /** Which schemes make names (the original's sync_old_images / sync_new_images). */
  readonly schemes: Readonly<Record<NamingScheme, boolean>>;
  /** Per scheme, per distro: images not built, so given no name. */
  readonly unbuildable: Readonly<Record<NamingScheme, ReadonlyMap<string, ReadonlySet<string>>>>;
  readonly namespaces: readonly { readonly name: string; readonly settings: NamespaceSettings }[];
}

/** `rocky-source-nova-api` or `nova-api`: the name of an image under one scheme and distro. */
export function imageName(scheme: NamingScheme, distro: string, image: string): string {
  return scheme === 'old' ? `${distro}-source-${image}` : image;
}

/**
 * The matrix's names in the original's order: per namespace, the old scheme distro by distro, then the new
 * scheme. Under the new scheme the distro is in the tag, so an image has one name, made when some base
 * distro builds it.
 */
export function expandMatrix(
  matrix: ContainerMatrix,
): { readonly name: string; readonly namespace: number; readonly image: number }[] {
  const builds = (scheme: NamingScheme, distro: string, image: string) =>
    !matrix.unbuildable[scheme].get(distro)?.has(image);
  const names: { name: string; namespace: number; image: number }[] = [];
  matrix.namespaces.forEach((namespace, n) => {
    if (matrix.schemes.old) {
      for (const distro of matrix.baseDistros) {
        matrix.images.forEach((image, i) => {
          if (builds('old', distro, image))
            names.push({ name: `${namespace.name}/${imageName('old', distro, image)}`, namespace: n, image: i });
        });
      }
    }
    if (matrix.schemes.new) {
      matrix.images.forEach((image, i) => {
        if (matrix.baseDistros.some((distro) => builds('new', distro, image)))
          names.push({ name: `${namespace.name}/${image}`, namespace: n, image: i });
      });
    }
  });
  return names;
}

const IMAGE: { pattern: RegExp; expected: string } = {
  pattern: /^[a-z0-9]+([._-][a-z0-9]+)*$/,
  expected: 'a Kolla image name such as nova-api',
};
const DISTRO: { pattern: RegExp; expected: string } = {
  pattern: /^[a-z0-9]+([._-][a-z0-9]+)*$/,
  expected: 'a base distro such as rocky',
};

const MATRIX_KEYS = ['images', 'baseDistros', 'schemes', 'unbuildable', 'namespaces'];

/**
 * Reads one matrix. `readNamespace` reads a namespace's shared settings with the same rules as a hand-written
 * container entry (push, private, url, policy, includeTags, credentials).
 */
export function readContainerMatrix(
  reader: YamlReader,
  at: KeyPath,
  readNamespace: (at: KeyPath) => { name: string; settings: NamespaceSettings },
): ContainerMatrix {
  reader.object(at, MATRIX_KEYS);
  const images = reader.stringList([...at, 'images'], { ...IMAGE, minItems: 1 });
  const baseDistros = reader.stringList([...at, 'baseDistros'], { ...DISTRO, minItems: 1 });
  reader.object([...at, 'schemes'], NAMING_SCHEMES, false);
  const schemes = {
    old: reader.boolean([...at, 'schemes', 'old'], true),
    new: reader.boolean([...at, 'schemes', 'new'], true),
  };
  reader.object([...at, 'unbuildable'], NAMING_SCHEMES, false);
  const unbuildable = {
    old: readUnbuildable(reader, [...at, 'unbuildable', 'old'], baseDistros),
    new: readUnbuildable(reader, [...at, 'unbuildable', 'new'], baseDistros),
  };
  const namespaces = Array.from({ length: reader.listLength([...at, 'namespaces']) }, (_, i) =>
    readNamespace([...at, 'namespaces', i]),
  );
  if (namespaces.length === 0 && !reader.has([...at, 'namespaces']))
    reader.error([...at, 'namespaces'], 'missing (expected a list of namespaces such as [{name: stackhpc}])');
  return { images, baseDistros, schemes, unbuildable, namespaces };
}

/**
 * A scheme's unbuildable images: a list (no base distro builds them) or a mapping of base distro to list. An
 * image the list does not have is accepted (the original's new-scheme list names `logstash`, which it has
 * no image of): it excludes nothing.
 */
function readUnbuildable(
  reader: YamlReader,
  at: KeyPath,
  baseDistros: readonly string[],
): ReadonlyMap<string, ReadonlySet<string>> {
  if (!reader.has(at)) return new Map();
  if (isMap(reader.node(at))) {
    reader.names(at, { allowed: baseDistros });
    return new Map(
      reader.keys(at).map((distro) => [distro, new Set(reader.stringList([...at, distro], { ...IMAGE }))] as const),
    );
  }
  const all = new Set(reader.stringList(at, { ...IMAGE }));
  return new Map(baseDistros.map((distro) => [distro, all] as const));
}
