// The local side of an image upload: the file's sha256 (streamed, never read whole), the checksums a build
// published beside it, the byte ranges an unfinished upload still lacks, and the small state file that lets
// a rerun find that upload again.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A local file of one build: what it is called in the repository and what Pulp must end up holding. */
export interface ImageFile {
  readonly path: string;
  /** Its `relative_path` in Pulp: the file's base name. */
  readonly name: string;
  readonly size: number;
  readonly sha256: string;
}

/** The bytes of an image are not what they should be: a checksum differs, or the file changed meanwhile. */
export class ImageMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageMismatchError';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;
const HASH_READ_BYTES = 1024 * 1024;

export function isSha256(value: string): boolean {
  return SHA256.test(value);
}

/** Size and sha256 of a file, read as a stream; `onBytes` hears the bytes hashed so far. */
export async function hashFile(file: string, onBytes?: (done: number, total: number) => void): Promise<ImageFile> {
  const { size } = await fs.promises.stat(file);
  const hash = createHash('sha256');
  let done = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: HASH_READ_BYTES })) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onBytes?.(done, size);
  }
  if (done !== size) throw new ImageMismatchError(`${file} changed while it was read (${done} of ${size} bytes)`);
  return { path: file, name: path.basename(file), size, sha256: hash.digest('hex') };
}

/**
 * The checksums of a `sha256sum` output (`<hex>  <name>` or `<hex> *<name>` per line), by base name. Lines that
 * are not checksums (comments, blank lines) are skipped; a file with no checksum at all is an error.
 */
export function parseChecksums(text: string, source: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(line.trim());
    if (match) sums.set(path.basename(match[2].trim()), match[1].toLowerCase());
  }
  if (sums.size === 0) throw new ImageMismatchError(`${source} holds no sha256 checksum ("<hex>  <file name>" lines)`);
  return sums;
}

/** Fails unless each file's sha256 is the one expected for its name (files without an expectation pass). */
export function checkExpected(files: readonly ImageFile[], expected: ReadonlyMap<string, string>): void {
  for (const file of files) {
    const want = expected.get(file.name);
    if (want && want !== file.sha256) {
      throw new ImageMismatchError(
        `${file.path}: sha256 is ${file.sha256}, expected ${want} (a truncated or different file); nothing was uploaded`,
      );
    }
  }
}

export interface ByteRange {
  readonly start: number;
  /** Exclusive. */
  readonly end: number;
}

/**
 * The ranges of `[0, size)` that no chunk covers, cut into pieces of at most `chunkSize`: what an upload still
 * needs, whatever chunk size its earlier run used.
 */
export function missingRanges(
  size: number,
  chunks: readonly { readonly offset: number; readonly size: number }[],
  chunkSize: number,
): ByteRange[] {
  const ranges: ByteRange[] = [];
  let position = 0;
  const push = (start: number, end: number) => {
    for (let at = start; at < end; at += chunkSize) ranges.push({ start: at, end: Math.min(end, at + chunkSize) });
  };
  for (const chunk of [...chunks].sort((a, b) => a.offset - b.offset)) {
    if (chunk.offset > position) push(position, Math.min(chunk.offset, size));
    position = Math.max(position, chunk.offset + chunk.size);
  }
  if (position < size) push(position, size);
  return ranges;
}

/**
 * What a rerun needs to find an unfinished upload: kept beside the image as `<file>.release-train-upload.json`
 * while the upload is open, and removed once Pulp holds the artifact. It names only the upload, never a
 * credential.
 */
export interface UploadState {
  /** The Pulp API origin the upload was made on. */
  readonly pulpUrl: string;
  readonly upload: string;
  readonly size: number;
  readonly sha256: string;
}

export function uploadStatePath(file: string): string {
  return `${file}.release-train-upload.json`;
}

export function readUploadState(file: string): UploadState | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(uploadStatePath(file), 'utf8')) as Partial<UploadState> | null;
    return typeof state?.upload === 'string' && typeof state?.pulpUrl === 'string' ? (state as UploadState) : undefined;
  } catch {
    return undefined; // none, or unreadable: then there is nothing to resume
  }
}

/** Writes the state; returns false (and the upload simply cannot be resumed) when the folder is read-only. */
export function writeUploadState(file: string, state: UploadState): boolean {
  try {
    fs.writeFileSync(uploadStatePath(file), `${JSON.stringify(state, null, 2)}\n`);
    return true;
  } catch {
    return false;
  }
}

export function removeUploadState(file: string): void {
  fs.rmSync(uploadStatePath(file), { force: true });
}
