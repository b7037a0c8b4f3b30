// A minimal line diff (longest common subsequence) of two texts: the changed lines only, `-` then `+`, for a
// reviewer to see what a multi-line value (cloud-init user data) changes. Bounded: long texts give a count.
const MAX_LINES = 4000;
const MAX_SHOWN = 40;

export function lineDiff(before: string, after: string): string[] {
  if (before === after) return [];
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length > MAX_LINES || b.length > MAX_LINES) return [`# ${a.length} lines -> ${b.length} lines`];
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: string[] = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.push(`-${a[i++]}`);
    } else {
      out.push(`+${b[j++]}`);
    }
  }
  return out.length > MAX_SHOWN
    ? [...out.slice(0, MAX_SHOWN), `# ... ${out.length - MAX_SHOWN} more changed lines`]
    : out;
}
