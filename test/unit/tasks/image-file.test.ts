import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  checkExpected,
  hashFile,
  ImageMismatchError,
  missingRanges,
  parseChecksums,
  readUploadState,
  removeUploadState,
  uploadStatePath,
  writeUploadState,
} from '../../../tasks/image-file';

const MIB = 1024 * 1024;

describe('missingRanges', () => {
  test('a new upload needs everything, cut into chunks; the last one is short', () => {
    expect(missingRanges(10, [], 4)).toEqual([
      { start: 0, end: 4 },
      { start: 4, end: 8 },
      { start: 8, end: 10 },
    ]);
  });

  test('only the gaps between the chunks Pulp holds are sent, whatever their order', () => {
    const chunks = [
      { offset: 8, size: 4 },
      { offset: 0, size: 4 },
    ];
    expect(missingRanges(16, chunks, 4)).toEqual([
      { start: 4, end: 8 },
      { start: 12, end: 16 },
    ]);
  });

  test('chunks of another size (an earlier run) leave gaps that are filled without overlapping them', () => {
    const chunks = [{ offset: 0, size: 3 * MIB }];
    expect(missingRanges(10 * MIB, chunks, 4 * MIB)).toEqual([
      { start: 3 * MIB, end: 7 * MIB },
      { start: 7 * MIB, end: 10 * MIB },
    ]);
  });

  test('an upload whose chunks cover everything needs nothing; an empty file needs nothing', () => {
    expect(missingRanges(8, [{ offset: 0, size: 8 }], 4)).toEqual([]);
    expect(missingRanges(0, [], 4)).toEqual([]);
  });
});

describe('parseChecksums and checkExpected', () => {
  const a = 'a'.repeat(64);
  const b = 'B'.repeat(64);

  test('reads sha256sum output in text and binary mode, by base name, lower-cased', () => {
    const sums = parseChecksums(`# made by the build\n${a}  images/ipa.kernel\n${b} *ipa.initramfs\n\n`, 'SHA256SUMS');
    expect([...sums]).toEqual([
      ['ipa.kernel', a],
      ['ipa.initramfs', 'b'.repeat(64)],
    ]);
  });

  test('a file with no checksum at all is an error naming it', () => {
    expect(() => parseChecksums('nothing here\n', 'SUMS')).toThrow(/SUMS holds no sha256 checksum/);
  });

  test('a file whose sha256 differs from the expected one is refused before anything is sent', () => {
    const file = { path: '/tmp/x.qcow2', name: 'x.qcow2', size: 1, sha256: a };
    expect(() => checkExpected([file], new Map([['x.qcow2', a]]))).not.toThrow();
    expect(() => checkExpected([file], new Map([['x.qcow2', 'c'.repeat(64)]]))).toThrow(ImageMismatchError);
    expect(() => checkExpected([file], new Map([['x.qcow2', 'c'.repeat(64)]]))).toThrow(
      /\/tmp\/x\.qcow2: sha256 is a{64}, expected c{64} \(a truncated or different file\); nothing was uploaded/,
    );
  });
});

describe('hashFile and the upload state', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-image-file-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('hashes a file in pieces to the same sha256 as in one go, reporting progress up to its size', async () => {
    const file = path.join(dir, 'overcloud-rocky-9.qcow2');
    const bytes = randomBytes(3 * MIB + 17);
    fs.writeFileSync(file, bytes);
    const seen: number[] = [];
    const hashed = await hashFile(file, (done, total) => {
      expect(total).toBe(bytes.length);
      seen.push(done);
    });
    expect(hashed).toEqual({
      path: file,
      name: 'overcloud-rocky-9.qcow2',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[seen.length - 1]).toBe(bytes.length);
  });

  test('the state file sits beside the image, round-trips, and is gone once removed', () => {
    const file = path.join(dir, 'ipa.kernel');
    const state = {
      pulpUrl: 'http://127.0.0.1:24817',
      upload: '/pulp/api/v3/uploads/1/',
      size: 5,
      sha256: 'a'.repeat(64),
    };
    expect(readUploadState(file)).toBeUndefined();
    expect(writeUploadState(file, state)).toBe(true);
    expect(uploadStatePath(file)).toBe(`${file}.release-train-upload.json`);
    expect(readUploadState(file)).toEqual(state);
    removeUploadState(file);
    expect(fs.existsSync(uploadStatePath(file))).toBe(false);
  });

  test('an unreadable state file is no state; an unwritable folder only loses resumability', () => {
    const file = path.join(dir, 'ipa.kernel');
    fs.writeFileSync(uploadStatePath(file), '{not json');
    expect(readUploadState(file)).toBeUndefined();
    expect(writeUploadState(path.join(dir, 'missing', 'ipa.kernel'), {} as never)).toBe(false);
  });
});
