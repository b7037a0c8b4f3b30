// Canary secrets: random values given to every secret input, then searched for wherever they must not be,
// raw, base64- (inside longer text too) and URL-encoded.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

// The `/` and `+` make the URL-encoded form differ from the raw one, so each encoding is searched for itself.
export const canary = () => `canary-${randomBytes(9).toString('hex')}/${randomBytes(9).toString('hex')}+`;

/**
 * The secret as it shows inside a longer base64 text (`user:secret`, a file ending in a newline): at each of
 * the three byte offsets, without the edge groups, which mix in the neighbouring bytes.
 */
function base64Forms(secret: string): string[] {
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.from('\0'.repeat(offset) + secret).toString('base64');
    const wholeGroups = Math.floor((offset + Buffer.byteLength(secret)) / 3);
    return encoded.slice(offset ? 4 : 0, wholeGroups * 4);
  });
}

export const encodings = (secret: string) => [secret, ...base64Forms(secret), encodeURIComponent(secret)];

/** The secrets that `text` holds in any of their encodings. */
export function secretsIn(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => encodings(secret).some((encoded) => text.includes(encoded)));
}

/** Every file under `dir` (symbolic links not followed) holding one of the secrets: `file: secret`. */
export function findSecrets(dir: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    for (const secret of secretsIn(fs.readFileSync(file, 'latin1'), secrets))
      found.push(`${path.relative(dir, file)}: ${secret}`);
  }
  return found;
}
