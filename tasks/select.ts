// Selection as the real workflows make it (DOMAIN.md §3.1, §3.4; the original's select_repos and
// select_images): whitespace-separated regular expressions, any of which may match anywhere in a short name
// (an image's name for container repositories), and a sync group.
import { ContentConfig } from '../config/content';
import { containerImageOf } from './content-scope';

export interface ContentSelection {
  /** Any of these, searched for anywhere (not anchored); empty or absent: every entry. */
  readonly shortNames?: readonly RegExp[];
  /** Only entries of this sync group; absent: every entry. */
  readonly syncGroup?: string;
}

/** `"rocky_9 epel"` -> its regular expressions; throws SyntaxError naming the one that is not valid. */
export function shortNamePatterns(filter: string): RegExp[] {
  return filter
    .split(/\s+/)
    .filter(Boolean)
    .map((source) => {
      try {
        return new RegExp(source);
      } catch (error) {
        throw new SyntaxError(`${JSON.stringify(source)} is not a regular expression (${(error as Error).message})`, {
          cause: error,
        });
      }
    });
}

/**
 * The content restricted to what the selection names. Package repositories match by short name (one without
 * a publication has none, so a filter leaves it out, as the original's does) and by sync group; container
 * repositories by image name and never by sync group (the original syncs images in their own workflows);
 * image series by short name. Access (groups, users, guards, namespaces) is kept as it is.
 */
export function selectEntries(content: ContentConfig, selection: ContentSelection): ContentConfig {
  const patterns = selection.shortNames ?? [];
  const matches = (name: string | undefined) =>
    patterns.length === 0 || (name !== undefined && patterns.some((p) => p.test(name)));
  const inGroup = (group: string | undefined) => selection.syncGroup === undefined || group === selection.syncGroup;
  const grouped = selection.syncGroup !== undefined;
  return {
    ...content,
    rpm: content.rpm.filter((r) => matches(r.publication?.shortName) && inGroup(r.syncGroup)),
    deb: content.deb.filter((r) => matches(r.publication?.shortName) && inGroup(r.syncGroup)),
    container: grouped ? [] : content.container.filter((c) => matches(containerImageOf(c.name))),
    file: grouped || patterns.length > 0 ? [] : content.file,
    images: grouped ? [] : content.images.filter((i) => matches(i.shortName)),
  };
}
