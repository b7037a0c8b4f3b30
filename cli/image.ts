// `release-train image upload | promote | list`: disk and deployment images (overcloud host images, IPA
// kernel and ramdisk) as file content in Pulp, a tag per build (tasks/image*.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../config';
import { ImageConfig } from '../config/content';
import { checkBuild, listImages, promoteTag, releaseBuild } from '../tasks/image';
import { checkExpected, hashFile, ImageFile, isSha256, parseChecksums } from '../tasks/image-file';
import { DEFAULT_CHUNK_MIB, uploadArtifact, UploadResult } from '../tasks/image-upload';
import {
  argumentsOrHelp,
  CONFIG_FLAG,
  DRY_RUN_FLAG,
  flagsOrHelp,
  FlagSpec,
  HELP_FLAG,
  helpText,
  JSON_FLAG,
  PULP_URL_FLAG,
  wholeNumberFlag,
} from './args';
import { pulpClientFor } from './credentials';
import { EXIT, UsageError } from './exit-codes';
import { ProgressView } from './progress';

const MIB = 1024 * 1024;
const DEVELOPMENT = 'development';
const RELEASE = 'release';
/** A build's tag: a path segment of its distribution, e.g. `2024.1-20240912T145502`. */
const TAG = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const IMAGE_FLAG: FlagSpec = {
  name: 'image',
  takesValue: true,
  description: 'the image series (content.images[].name)',
};
const TAG_FLAG: FlagSpec = {
  name: 'tag',
  takesValue: true,
  description: 'the build, e.g. 2024.1-20240912T145502 (letters, digits, ".", "_", "-"; not "latest")',
};
const UPLOAD_EXIT_CODES = [
  'Exit codes: 0 done, 3 config, 4 auth, 5 unreachable, 6 task failed, 7 other Pulp error (also a missing',
  'repository or guard: run reconcile), 64 usage, 65 the bytes are not what they should be (a sha256 differs',
  "from the expected one or from Pulp's copy, a file changed while uploading, or the tag holds other files).",
].join('\n');

const UPLOAD_FLAGS: readonly FlagSpec[] = [
  CONFIG_FLAG,
  PULP_URL_FLAG,
  IMAGE_FLAG,
  TAG_FLAG,
  { name: 'sha256', takesValue: true, description: 'the expected sha256 of the one FILE' },
  {
    name: 'checksum-file',
    takesValue: true,
    description: 'sha256sum output with the expected sha256 of every FILE (by file name)',
  },
  {
    name: 'chunk-size',
    takesValue: true,
    description: `MiB per uploaded chunk, 1-256 (default ${DEFAULT_CHUNK_MIB})`,
  },
  JSON_FLAG,
  HELP_FLAG,
];
const PROMOTE_FLAGS: readonly FlagSpec[] = [
  CONFIG_FLAG,
  PULP_URL_FLAG,
  IMAGE_FLAG,
  TAG_FLAG,
  DRY_RUN_FLAG,
  JSON_FLAG,
  HELP_FLAG,
];
const LIST_FLAGS: readonly FlagSpec[] = [
  CONFIG_FLAG,
  PULP_URL_FLAG,
  { ...IMAGE_FLAG, description: 'only this image series (default: every one in the config)' },
  JSON_FLAG,
  HELP_FLAG,
];

const IMAGE_UPLOAD_HELP = helpText(
  'usage: release-train image upload --image NAME --tag TAG FILE... [--sha256 HEX | --checksum-file FILE] [--chunk-size MIB] [--config FILE] --pulp-url URL [--json]',
  [
    "Uploads one build of an image series: FILE... are its files (the config's `files`, when it lists them),",
    'each stored under its file name. Each file is hashed first (sha256, streamed) and checked against',
    '--sha256 or --checksum-file; a file whose sha256 Pulp already has is not sent at all. Otherwise it goes',
    "in chunks (a reused buffer: memory stays flat), and Pulp's sha256 must equal the local one. Then the",
    "repository's new version holds exactly the build's files, is published once, and is distributed as",
    '<name>_<tag> at <basePath>/<tag> and <name>_latest at <basePath>/latest, both guarded `development`.',
    'A killed upload is finished by running the same command again: <file>.release-train-upload.json beside',
    'the file names the open upload, and only the ranges Pulp lacks are sent; a stale upload is deleted. A tag',
    'that already holds these files changes nothing; one that holds other files is refused before anything',
    'is sent. Credentials: RELEASE_TRAIN_PULP_USERNAME (default admin) and RELEASE_TRAIN_PULP_PASSWORD or',
    'RELEASE_TRAIN_PULP_PASSWORD_FILE.',
    UPLOAD_EXIT_CODES,
  ].join('\n'),
  UPLOAD_FLAGS,
);
const IMAGE_PROMOTE_HELP = helpText(
  'usage: release-train image promote --image NAME --tag TAG [--config FILE] --pulp-url URL [--dry-run] [--json]',
  [
    "Releases one build: moves <name>_<tag> from the `development` guard to `release`, so that clients'",
    'credentials can download it (the URL and bytes stay the same; <name>_latest stays development). A tag',
    'that does not exist is an error and nothing is created or changed.',
    'Exit codes: 0 done, 3 config, 4 auth, 5 unreachable, 6 task failed, 7 other Pulp error (also a tag that',
    'does not exist), 64 usage.',
  ].join('\n'),
  PROMOTE_FLAGS,
);
const IMAGE_LIST_HELP = helpText(
  'usage: release-train image list [--image NAME] [--config FILE] --pulp-url URL [--json]',
  [
    "Lists the config's image series with their tags in Pulp (oldest first), the guard of each (released =",
    '`release`) and the tag <name>_latest serves. Read-only.',
    'Exit codes: 0 done, 3 config, 4 auth, 5 unreachable, 7 other Pulp error, 64 usage.',
  ].join('\n'),
  LIST_FLAGS,
);
const IMAGE_HELP = `usage: release-train image upload|promote|list [options]

Disk and deployment images (overcloud host images, IPA kernel and ramdisk) as file content in Pulp: one
file repository per image series (content.images in the config, created by reconcile), one tag per build.

  upload   upload a build's files in chunks (resumable) and distribute it as <name>_<tag> and <name>_latest,
           guarded development
  promote  move one tag to the release guard
  list     the tags of each image series, released or not, and which one is latest

Run \`release-train image <upload|promote|list> --help\` for the options of each.

${IMAGE_UPLOAD_HELP}
${IMAGE_PROMOTE_HELP}
${IMAGE_LIST_HELP}`;

type Command = (argv: readonly string[], out: (line: string) => void) => Promise<number>;

const SUBCOMMANDS: Record<string, Command> = { upload: uploadCommand, promote: promoteCommand, list: listCommand };

export async function imageCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const [subcommand, ...rest] = argv;
  if (!subcommand || subcommand === '--help' || subcommand === 'help') {
    out(IMAGE_HELP);
    return subcommand ? EXIT.ok : EXIT.usage;
  }
  const run = SUBCOMMANDS[subcommand];
  if (!run)
    throw new UsageError(`unknown image command ${JSON.stringify(subcommand)} (expected upload, promote or list)`);
  return run(rest, out);
}

function imageOf(configFile: string | undefined, name: string | undefined): ImageConfig {
  if (!name) throw new UsageError('--image NAME is needed');
  const images = loadConfig(configFile).content.images;
  const image = images.find((i) => i.name === name);
  if (!image) {
    const known = images.map((i) => i.name).join(', ') || 'none';
    throw new UsageError(`--image ${name}: the config has no such image series (it has ${known})`);
  }
  return image;
}

function tagOf(flags: ReadonlyMap<string, string | true>): string {
  const tag = flags.get('tag') as string | undefined;
  if (!tag) throw new UsageError('--tag TAG is needed');
  if (!TAG.test(tag) || tag === 'latest') {
    throw new UsageError(`--tag ${JSON.stringify(tag)}: expected letters, digits, ".", "_" and "-" (and not "latest")`);
  }
  return tag;
}

/** The local files of a build, checked against the config before anything is read. */
function buildFiles(image: ImageConfig, operands: readonly string[]): string[] {
  if (operands.length === 0) throw new UsageError('no FILE given: name the files of the build');
  const names = operands.map((file) => path.basename(file));
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) throw new UsageError(`two files are named ${repeated}; a build holds each name once`);
  const expected = [...image.files].sort();
  if (expected.length > 0 && expected.join('\n') !== [...names].sort().join('\n')) {
    throw new UsageError(`a build of ${image.name} holds exactly ${expected.join(', ')} (got ${names.join(', ')})`);
  }
  for (const file of operands) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    if (!stat.isFile()) throw new UsageError(`${file} is not a regular file`);
  }
  return operands.slice();
}

/** The sha256 each file must have, by file name, from --sha256 or --checksum-file. */
function expectedChecksums(flags: ReadonlyMap<string, string | true>, files: readonly string[]): Map<string, string> {
  const sha256 = flags.get('sha256') as string | undefined;
  const checksumFile = flags.get('checksum-file') as string | undefined;
  if (sha256 && checksumFile) throw new UsageError('give --sha256 or --checksum-file, not both');
  if (sha256) {
    if (files.length !== 1) throw new UsageError('--sha256 is for one FILE; use --checksum-file for several');
    if (!isSha256(sha256.toLowerCase()))
      throw new UsageError(`--sha256: expected 64 hex digits, got ${JSON.stringify(sha256)}`);
    return new Map([[path.basename(files[0]), sha256.toLowerCase()]]);
  }
  if (!checksumFile) return new Map();
  let text: string;
  try {
    text = fs.readFileSync(checksumFile, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${checksumFile}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const sums = parseChecksums(text, checksumFile);
  const missing = files.map((f) => path.basename(f)).filter((name) => !sums.has(name));
  if (missing.length > 0) throw new UsageError(`${checksumFile} has no sha256 for ${missing.join(', ')}`);
  return sums;
}

function describeUpload(file: ImageFile, result: UploadResult, seconds: number): string {
  const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)} MiB`;
  if (result.how === 'existing') return `${file.name}: Pulp already has it (sha256 ${file.sha256}); sent nothing`;
  const rate = seconds > 0 ? `, ${(result.bytesSent / MIB / seconds).toFixed(1)} MiB/s` : '';
  const what = result.how === 'resumed' ? 'resumed: sent the missing' : 'uploaded';
  return `${file.name}: ${what} ${mib(result.bytesSent)} in ${result.chunksSent} chunks (${seconds.toFixed(1)} s${rate}); sha256 ${file.sha256} verified by Pulp`;
}

async function uploadCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const parsed = argumentsOrHelp(argv, UPLOAD_FLAGS, IMAGE_UPLOAD_HELP, out);
  if (!parsed) return EXIT.ok;
  const { flags, operands } = parsed;
  const image = imageOf(flags.get('config') as string | undefined, flags.get('image') as string | undefined);
  const tag = tagOf(flags);
  const paths = buildFiles(image, operands);
  const expected = expectedChecksums(flags, paths);
  const chunkSize = wholeNumberFlag(flags, 'chunk-size', DEFAULT_CHUNK_MIB, 256) * MIB;
  const pulp = pulpClientFor(flags);
  const json = flags.has('json');
  const say = (line: string) => json || out(line);
  const progress = ProgressView.forCommand(out, json);

  const files: ImageFile[] = [];
  for (const file of paths) {
    const subject = `hashing ${path.basename(file)}`;
    const hashed = await hashFile(file, (done, total) => progress.transfer(subject, done, total));
    progress.finish(subject, `${hashed.name}: ${hashed.size} bytes, sha256 ${hashed.sha256}`);
    files.push(hashed);
  }
  checkExpected(files, expected);
  const build = files.map((f) => ({ name: f.name, sha256: f.sha256 }));
  if (await checkBuild(pulp, image, tag, build, DEVELOPMENT)) {
    say(`${image.name}_${tag}: already holds exactly these files; nothing to do`);
    if (json) out(JSON.stringify({ image: image.name, tag, unchanged: true, files: build }, null, 2));
    return EXIT.ok;
  }
  const uploaded: { file: ImageFile; artifact: string; result: UploadResult; seconds: number }[] = [];
  for (const file of files) {
    const subject = `uploading ${file.name}`;
    const started = Date.now();
    const result = await uploadArtifact(pulp, file, {
      chunkSize,
      onProgress: (done, total) => progress.transfer(subject, done, total),
      warn: (line) => process.stderr.write(`release-train: ${line}\n`),
    });
    const seconds = (Date.now() - started) / 1000;
    progress.finish(subject, describeUpload(file, result, seconds));
    uploaded.push({ file, artifact: result.artifact, result, seconds });
  }
  const released = await releaseBuild(pulp, image, tag, uploaded, DEVELOPMENT);
  say(
    `${image.name}: ${released.newVersion ? 'new repository version' : 'no new repository version'} ${released.versionHref}`,
  );
  for (const d of released.distributions) say(`${d.name} (${d.basePath}): ${d.action}, guarded ${DEVELOPMENT}`);
  if (json) {
    const results = uploaded.map(({ file, result, seconds }) => ({
      name: file.name,
      size: file.size,
      sha256: file.sha256,
      ...result,
      seconds,
    }));
    out(JSON.stringify({ image: image.name, tag, unchanged: false, files: results, ...released }, null, 2));
  }
  return EXIT.ok;
}

async function promoteCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const flags = flagsOrHelp(argv, PROMOTE_FLAGS, IMAGE_PROMOTE_HELP, out);
  if (!flags) return EXIT.ok;
  const image = imageOf(flags.get('config') as string | undefined, flags.get('image') as string | undefined);
  const tag = tagOf(flags);
  const dryRun = flags.has('dry-run');
  const result = await promoteTag(pulpClientFor(flags), image, tag, { guard: RELEASE, dryRun });
  if (flags.has('json')) out(JSON.stringify({ image: image.name, tag, dryRun, ...result }, null, 2));
  else out(`${result.distribution}: ${result.changed ? (dryRun ? 'would promote' : 'promoted') : 'already released'}`);
  return EXIT.ok;
}

async function listCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const flags = flagsOrHelp(argv, LIST_FLAGS, IMAGE_LIST_HELP, out);
  if (!flags) return EXIT.ok;
  const name = flags.get('image') as string | undefined;
  const config = flags.get('config') as string | undefined;
  const images = name ? [imageOf(config, name)] : loadConfig(config).content.images;
  if (images.length === 0) throw new UsageError('the config has no image series (content.images)');
  const listings = await listImages(pulpClientFor(flags), images, RELEASE);
  if (flags.has('json')) {
    out(JSON.stringify(listings, null, 2));
    return EXIT.ok;
  }
  for (const listing of listings) {
    out(`${listing.image} (${listing.basePath})${listing.tags.length === 0 ? ': no tags yet' : ''}`);
    for (const t of listing.tags) {
      const state = t.released ? 'released' : `not released (${t.guard ?? 'no guard'})`;
      out(`  ${t.tag}  ${state}${t.tag === listing.latest ? '  latest' : ''}`);
    }
  }
  return EXIT.ok;
}
