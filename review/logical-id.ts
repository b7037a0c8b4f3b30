// The construct path behind a cdktf logical ID (`Environment_Computes_compute-02_3D9ECB7A`), for a resource
// that is only in a state (a live review's destroys: the synthesised head no longer has it, and a state keeps
// no construct metadata). cdktf names a resource by its path components joined with `_`, plus the first 8 hex
// digits of the MD5 of the full path (where a last `Resource` component is hashed but not shown). The guess
// is taken only when that hash confirms it, so an ID it cannot decode gives nothing rather than a wrong path.
import { createHash } from 'node:crypto';

const LOGICAL_ID = /^(.+)_([0-9A-F]{8})$/;

/** The path components below the stack, e.g. `['Environment', 'Computes', 'compute-02']`; undefined if unsure. */
export function constructPathOfLogicalId(logicalId: string): string[] | undefined {
  const match = LOGICAL_ID.exec(logicalId);
  if (!match) return undefined;
  const shown = match[1].split('_');
  for (const candidate of [shown, [...shown, 'Resource']]) {
    const hash = createHash('md5').update(candidate.join('/')).digest('hex').slice(0, 8).toUpperCase();
    if (hash === match[2]) return shown;
  }
  return undefined;
}
