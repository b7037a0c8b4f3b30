// Before -> after of one resource change, attribute by attribute: nested values flattened to paths
// (`block_device[0].uuid`), sensitive values shown as (sensitive), values only the cloud would know (made up
// by review/prior-state.ts) as (from the cloud), unknown ones as (known after apply).
import { isMadeUpValue } from './prior-state';

export interface AttributeChange {
  /** `flavor_id`, `block_device[0].uuid` */
  readonly path: string;
  readonly before: string;
  readonly after: string;
  /** This attribute forces the replacement (tofu's `replace_paths`). */
  readonly forcesReplacement: boolean;
}

type Leaf = { value: unknown; sensitive: boolean; unknown: boolean };

/** Every leaf of `value`, by path; sensitivity and unknown-ness inherited from an enclosing mark. */
function leaves(value: unknown, sensitive: any, unknown: any, at: string, out: Map<string, Leaf>): void {
  const isSensitive = sensitive === true;
  const isUnknown = unknown === true;
  if (!isSensitive && !isUnknown && value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
    if (entries.length === 0) out.set(at, { value, sensitive: false, unknown: false });
    for (const [key, child] of entries) {
      const path = typeof key === 'number' ? `${at}[${key}]` : at ? `${at}.${key}` : key;
      leaves(child, sensitive?.[key], unknown?.[key], path, out);
    }
    // An element the plan does not know yet (a new list member) is under `unknown` but not in `value`.
    if (unknown && typeof unknown === 'object') {
      for (const key of Object.keys(unknown)) {
        const index = Array.isArray(unknown) ? Number(key) : key;
        const path = typeof index === 'number' ? `${at}[${index}]` : at ? `${at}.${key}` : key;
        if (unknown[key] === true && !out.has(path))
          out.set(path, { value: undefined, sensitive: false, unknown: true });
      }
    }
    return;
  }
  out.set(at, { value, sensitive: isSensitive, unknown: isUnknown });
}

/** A leaf inside a value the plan does not know as a whole (a computed list, `all_tags`): unknown too. */
function underUnknown(path: string, after: Map<string, Leaf>): Leaf | undefined {
  for (let at = parentOf(path); at !== undefined; at = parentOf(at)) {
    if (after.get(at)?.unknown) return { value: undefined, sensitive: false, unknown: true };
  }
  return undefined;
}

/** `a.b[0]` -> `a.b` -> `a` -> undefined. */
function parentOf(path: string): string | undefined {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut > 0 ? path.slice(0, cut) : undefined;
}

function formatValue(leaf: Leaf | undefined): string {
  if (!leaf || leaf.value === undefined) return leaf?.unknown ? '(known after apply)' : '(none)';
  if (leaf.sensitive) return '(sensitive)';
  if (leaf.unknown) return '(known after apply)';
  if (isMadeUpValue(leaf.value)) return '(from the cloud)';
  const value = leaf.value;
  if (typeof value === 'string') {
    if (value.includes('\n')) return `(${value.split('\n').length} lines)`;
    const shown = value.length > 72 ? `${value.slice(0, 69)}...` : value;
    return `\`${shown.replace(/`/g, "'")}\``;
  }
  return `\`${JSON.stringify(value)}\``;
}

/** Unset, in any of the ways a provider or the plan spells it. */
function isEmpty(leaf: Leaf | undefined): boolean {
  if (!leaf || leaf.unknown || leaf.sensitive) return !leaf;
  const v = leaf.value;
  return (
    v === undefined ||
    v === null ||
    v === '' ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && Object.keys(v).length === 0)
  );
}

function pathText(steps: readonly (string | number)[]): string {
  return steps.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/**
 * What changes between before and after. A value that was made up and becomes unknown (an ID that follows a
 * replaced neighbour) is left out: it says nothing a reviewer can act on.
 */
export function attributeChanges(change: any): AttributeChange[] {
  const before = new Map<string, Leaf>();
  const after = new Map<string, Leaf>();
  leaves(change.before ?? {}, change.before_sensitive ?? {}, {}, '', before);
  leaves(change.after ?? {}, change.after_sensitive ?? {}, change.after_unknown ?? {}, '', after);
  const forcing = (change.replace_paths ?? []).map((p: (string | number)[]) => pathText(p));
  const isForcing = (path: string) =>
    forcing.some((f: string) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const replaced = (change.actions ?? []).includes('delete') && (change.actions ?? []).includes('create');
  const changes: AttributeChange[] = [];
  for (const path of paths) {
    const [b, a] = [before.get(path), after.get(path) ?? underUnknown(path, after)];
    const same =
      !a?.unknown &&
      !!b?.sensitive === !!a?.sensitive &&
      (JSON.stringify(b?.value) === JSON.stringify(a?.value) || (isEmpty(b) && isEmpty(a)));
    if (same) continue;
    if (!isForcing(path)) {
      // An ID or address the cloud gave that follows a replaced neighbour, or an unset attribute the plan will
      // fill: nothing a reviewer can act on.
      const fromCloud = b !== undefined && isMadeUpValue(b.value);
      if ((fromCloud || isEmpty(b)) && (a?.unknown || isEmpty(a))) continue;
      // A replaced resource is a new one: whatever the cloud gives it (ID, address, timestamps, computed
      // tags) is unknown until it exists. A live plan's before holds the real old values; listing them says
      // nothing about why it is replaced (the forcing path does), and an offline plan has only made-up ones.
      if (replaced && a?.unknown) continue;
    }
    changes.push({ path, before: formatValue(b), after: formatValue(a), forcesReplacement: isForcing(path) });
  }
  return changes;
}
