// One file into a Pulp artifact (DOMAIN.md §5.13 step 1): nothing is sent when Pulp already has an artifact
// with the file's sha256; otherwise a chunked upload (`POST uploads/ {size}`, a `PUT` per chunk with its
// Content-Range, `POST <upload>commit/ {sha256}`), read through one reused buffer so memory stays flat
// whatever the size. An upload interrupted part way is resumed by the next run: the state file beside the
// image names it, Pulp lists the chunks it holds, and only the missing ranges are sent. A stale upload (of
// other bytes, or one whose commit failed) is deleted, so none is left behind.
import * as fs from 'node:fs';
import { ConnectionError, HttpError, NotFoundError, PulpClient, Task, TaskFailedError } from '../pulp';
import {
  ByteRange,
  ImageFile,
  ImageMismatchError,
  missingRanges,
  readUploadState,
  removeUploadState,
  UploadState,
  writeUploadState,
} from './image-file';

/**
 * Each request costs Pulp a password check (PBKDF2: about 0.5 s on the test machine) besides its bytes, so
 * chunks are large; Pulp's own nginx sets no body limit on the API.
 */
export const DEFAULT_CHUNK_MIB = 16;

export interface UploadOptions {
  /**
   * Bytes per chunk.
   * @default DEFAULT_CHUNK_MIB MiB
   */
  readonly chunkSize?: number;
  /** Bytes Pulp holds of the upload so far (resumed chunks included), after each chunk. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Said once when the state file cannot be written (the upload then cannot be resumed). */
  readonly warn?: (line: string) => void;
}

export interface UploadResult {
  readonly artifact: string;
  /** How it got there: already in Pulp, uploaded now, or finishing an earlier run's upload. */
  readonly how: 'existing' | 'uploaded' | 'resumed';
  /** Bytes and chunks sent by this run. */
  readonly bytesSent: number;
  readonly chunksSent: number;
}

interface Upload {
  readonly pulp_href: string;
  readonly size: number;
  readonly chunks?: readonly { readonly offset: number; readonly size: number }[];
}

/** How often a failed chunk send is followed by a fresh look at what Pulp holds before giving up. */
const SEND_ATTEMPTS = 3;

async function findArtifact(pulp: PulpClient, sha256: string): Promise<string | undefined> {
  const [artifact] = await pulp.list<{ pulp_href: string }>('artifacts/', { sha256 }, 1);
  return artifact?.pulp_href;
}

export async function uploadArtifact(
  pulp: PulpClient,
  file: ImageFile,
  options: UploadOptions = {},
): Promise<UploadResult> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_MIB * 1024 * 1024;
  const state = readUploadState(file.path);
  const resumable = state && state.pulpUrl === pulp.baseUrl && state.sha256 === file.sha256 && state.size === file.size;
  const existing = await findArtifact(pulp, file.sha256);
  if (existing) {
    if (state) await discardUpload(pulp, state, file.path);
    return { artifact: existing, how: 'existing', bytesSent: 0, chunksSent: 0 };
  }
  let upload = resumable ? await getUpload(pulp, state.upload) : undefined;
  if (state && !upload) await discardUpload(pulp, state, file.path);
  const how = upload ? 'resumed' : 'uploaded';
  if (!upload) {
    upload = await pulp.create<Upload>('uploads/', { size: file.size }, `upload of ${file.name}`);
    const written = writeUploadState(file.path, {
      pulpUrl: pulp.baseUrl,
      upload: upload.pulp_href,
      size: file.size,
      sha256: file.sha256,
    });
    if (!written)
      options.warn?.(`${file.path}: cannot write its upload state beside it; an interrupted upload would start again`);
  }
  const sent = await sendMissing(pulp, file, upload, chunkSize, options.onProgress);
  const artifact = await commit(pulp, file, upload.pulp_href);
  removeUploadState(file.path);
  return { artifact, how, ...sent };
}

async function getUpload(pulp: PulpClient, href: string): Promise<Upload | undefined> {
  try {
    return await pulp.get<Upload>(href);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined; // committed (the commit deletes it) or deleted
    throw error;
  }
}

/** Deletes the upload a state file names (if it is still there) and the state file. */
async function discardUpload(pulp: PulpClient, state: UploadState, file: string): Promise<void> {
  if (state.pulpUrl === pulp.baseUrl && (await getUpload(pulp, state.upload))) {
    await pulp.remove(state.upload, `stale upload of ${file}`);
  }
  removeUploadState(file);
}

/**
 * Sends every range the upload lacks. A chunk whose send failed (connection reset, 5xx) may or may not have
 * arrived, so the upload is read again and only what it still lacks is sent, up to SEND_ATTEMPTS times.
 */
async function sendMissing(
  pulp: PulpClient,
  file: ImageFile,
  upload: Upload,
  chunkSize: number,
  onProgress?: (done: number, total: number) => void,
): Promise<{ bytesSent: number; chunksSent: number }> {
  const sender = new ChunkSender(file, chunkSize);
  let bytesSent = 0;
  let chunksSent = 0;
  let current = upload;
  try {
    for (let attempt = 1; ; attempt++) {
      const ranges = missingRanges(file.size, current.chunks ?? [], chunkSize);
      let held = file.size - ranges.reduce((sum, r) => sum + r.end - r.start, 0);
      onProgress?.(held, file.size);
      try {
        for (const range of ranges) {
          await sender.send(pulp, upload.pulp_href, range);
          bytesSent += range.end - range.start;
          chunksSent++;
          held += range.end - range.start;
          onProgress?.(held, file.size);
        }
        return { bytesSent, chunksSent };
      } catch (error) {
        const transient = error instanceof ConnectionError || (error instanceof HttpError && error.status >= 500);
        if (!transient || attempt >= SEND_ATTEMPTS) throw error;
        current = await pulp.get<Upload>(upload.pulp_href);
      }
    }
  } finally {
    await sender.close();
  }
}

/** Reads ranges of the file into one buffer laid out as a multipart body, reused for every chunk. */
class ChunkSender {
  private static readonly BOUNDARY = 'release-train-chunk-7d1f0c2a9e4b';
  private readonly head = Buffer.from(
    `--${ChunkSender.BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="chunk"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  private readonly tail = Buffer.from(`\r\n--${ChunkSender.BOUNDARY}--\r\n`);
  private readonly body: Buffer;
  private handle?: fs.promises.FileHandle;

  constructor(
    private readonly file: ImageFile,
    chunkSize: number,
  ) {
    this.body = Buffer.allocUnsafe(this.head.length + chunkSize + this.tail.length);
    this.head.copy(this.body, 0);
  }

  async send(pulp: PulpClient, href: string, range: ByteRange): Promise<void> {
    this.handle ??= await fs.promises.open(this.file.path, 'r');
    const length = range.end - range.start;
    const { bytesRead } = await this.handle.read(this.body, this.head.length, length, range.start);
    if (bytesRead !== length) {
      throw new ImageMismatchError(
        `${this.file.path} changed while it was uploaded (read ${bytesRead} of ${length} bytes at ${range.start}; it had ${this.file.size} bytes)`,
      );
    }
    const end = this.head.length + length;
    this.tail.copy(this.body, end);
    await pulp.putBytes(
      href,
      this.body.subarray(0, end + this.tail.length),
      {
        'Content-Type': `multipart/form-data; boundary=${ChunkSender.BOUNDARY}`,
        'Content-Range': `bytes ${range.start}-${range.end - 1}/${this.file.size}`,
      },
      `chunk of ${this.file.name}`,
    );
  }

  async close(): Promise<void> {
    await this.handle?.close();
  }
}

/**
 * Commits the upload with the local sha256: Pulp assembles the chunks, checks the digest, makes the artifact
 * and deletes the upload. When Pulp's bytes differ, the commit fails; the upload is then deleted too.
 */
async function commit(pulp: PulpClient, file: ImageFile, href: string): Promise<string> {
  let task: Task;
  try {
    task = (await pulp.action(
      `${href}commit/`,
      { sha256: file.sha256 },
      { subject: `upload of ${file.name}` },
    )) as Task;
  } catch (error) {
    if (!(error instanceof TaskFailedError)) throw error;
    await pulp.remove(href, `failed upload of ${file.name}`).catch(() => undefined);
    removeUploadState(file.path);
    throw new ImageMismatchError(
      `${file.path}: Pulp's copy does not match the local sha256 ${file.sha256} (${error.description}); the upload was deleted, run again`,
    );
  }
  // A commit that found its upload gone (an earlier run's commit, still queued when this run began, made the
  // artifact) creates nothing: the artifact is then found by its sha256.
  const artifactHref =
    task.created_resources?.find((r) => r.includes('/artifacts/')) ?? (await findArtifact(pulp, file.sha256));
  if (!artifactHref) throw new ImageMismatchError(`${file.path}: the commit of its upload made no artifact`);
  const artifact = await pulp.get<{ sha256: string; size: number }>(artifactHref);
  if (artifact.sha256 !== file.sha256 || artifact.size !== file.size) {
    throw new ImageMismatchError(
      `${file.path}: Pulp's artifact has sha256 ${artifact.sha256} and ${artifact.size} bytes, the file ${file.sha256} and ${file.size}`,
    );
  }
  return artifactHref;
}
