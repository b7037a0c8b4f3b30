// bench:upload — on the real "ark" Pulp of the harness, side by side in one run, for generated images of
// 256 MiB and 1 GiB: `release-train image upload` as a user runs it, and curl sending the same number of bytes
// through the same chunked upload API (POST uploads/, one PUT per chunk with its Content-Range, all in one curl
// process so that it reuses its connection, POST <upload>commit/ {sha256}), with the same chunk size. MiB/s of
// the upload (create, chunks, commit) and of the whole job (the CLI: hash, upload, content, publish,
// distribute; curl: sha256sum, upload), and the peak RSS of each process: the CLI's must stay flat as the
// file grows. A benchmark: it prints figures and asserts nothing. Each image is fresh random bytes, so no
// run finds its artifact in Pulp; the files live in the OS temp folder and are removed.
//   npm run bench:upload [-- --chunk-size MIB]      (default: the CLI's default chunk size)
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../config';
import { PulpClient, Task } from '../pulp';
import { startHarness, stopHarness } from '../testbed/pulp/harness';
import { projectRoot } from '../scripts/toolchain';
import { desiredObjects } from '../tasks/desired';
import { DEFAULT_CHUNK_MIB } from '../tasks/image-upload';
import { Reconciler } from '../tasks/reconcile';
import { writeRandomImage } from '../testbed/fixtures/random-image';
import { runMain } from '../cli/entry-point';

const MIB = 1024 * 1024;
const SIZES_MIB = [256, 1024];
export const IMAGE = 'bench-images';
export const CONFIG = `content:
  images:
    - name: ${IMAGE}
      basePath: bench/images
      shortName: bench_images
  contentGuards:
    - name: development
    - name: release
`;

export interface Row {
  readonly tool: string;
  readonly sizeMiB: number;
  readonly uploadSeconds: number;
  readonly totalSeconds: number;
  readonly peakRssKiB: number;
  readonly note: string;
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** Runs a command to its end, tracking its peak RSS (VmHWM) from /proc while it runs. */
export function runMeasured(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  stderr: 'inherit' | 'ignore' = 'inherit',
): Promise<{ status: number | null; stdout: string; peakKiB: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { stdio: ['ignore', 'pipe', stderr], env });
    let stdout = '';
    let peakKiB = 0;
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const poll = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        peakKiB = Math.max(peakKiB, Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0));
      } catch {
        // gone already
      }
    }, 20);
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(poll);
      resolve({ status, stdout, peakKiB });
    });
  });
}

export async function cliRow(
  env: NodeJS.ProcessEnv,
  work: string,
  configFile: string,
  sizeMiB: number,
  chunkMiB: number,
  tag = `cli-${sizeMiB}`,
): Promise<Row> {
  const file = path.join(work, `${tag}.img`);
  writeRandomImage(file, sizeMiB * MIB);
  const rssFile = path.join(work, 'cli-rss');
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    [
      '-r',
      path.join(projectRoot, 'bench', 'rss-probe.js'),
      path.join(projectRoot, 'dist', 'cli', 'main.js'),
      'image',
      'upload',
      '--config',
      configFile,
      '--image',
      IMAGE,
      '--tag',
      tag,
      file,
      '--chunk-size',
      String(chunkMiB),
      '--json',
    ],
    { env: { ...env, RT_BENCH_RSS_FILE: rssFile }, encoding: 'utf8', maxBuffer: 64 * MIB },
  );
  const totalSeconds = seconds(started);
  fs.rmSync(file);
  if (result.status !== 0)
    throw new Error(`the CLI failed (${result.status}): ${result.stderr.trim().split('\n').pop()}`);
  const [upload] = JSON.parse(result.stdout).files;
  return {
    tool: 'release-train',
    sizeMiB,
    uploadSeconds: upload.seconds,
    totalSeconds,
    peakRssKiB: Number(fs.readFileSync(rssFile, 'utf8')),
    note: `${upload.chunksSent} chunks; whole job = hash, upload, content, publish, distribute`,
  };
}

/** The same bytes' worth of chunks through curl: chunk files made first (not timed), then one curl process. */
export async function curlRow(
  pulp: PulpClient,
  password: string,
  work: string,
  sizeMiB: number,
  chunkMiB: number,
): Promise<Row> {
  const dir = path.join(work, `curl-${sizeMiB}`);
  fs.mkdirSync(dir);
  const file = path.join(dir, 'image.img');
  writeRandomImage(file, sizeMiB * MIB);
  const size = sizeMiB * MIB;
  const chunk = chunkMiB * MIB;
  const chunks: { file: string; start: number; end: number }[] = [];
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(chunk);
  for (let start = 0; start < size; start += chunk) {
    const length = Math.min(chunk, size - start);
    fs.readSync(fd, buffer, 0, length, start);
    const part = path.join(dir, `chunk-${chunks.length}`);
    fs.writeFileSync(part, buffer.subarray(0, length));
    chunks.push({ file: part, start, end: start + length - 1 });
  }
  fs.closeSync(fd);

  const started = process.hrtime.bigint();
  const hash = spawnSync('sha256sum', [file], { encoding: 'utf8' });
  const sha256 = hash.stdout.split(' ')[0];
  const uploadStarted = process.hrtime.bigint();
  const upload = await pulp.create<{ pulp_href: string }>('uploads/', { size });
  const url = `${pulp.baseUrl}${upload.pulp_href}`;
  // A curl config (not the command line, where ps would show the password), one block per chunk.
  const blocks = chunks.map((c) =>
    [
      `user = "admin:${password}"`,
      'silent',
      'show-error',
      'fail',
      'request = "PUT"',
      `header = "Content-Range: bytes ${c.start}-${c.end}/${size}"`,
      `form = "file=@${c.file};filename=chunk"`,
      'output = "/dev/null"',
      'write-out = "%{num_connects}\\n"',
      `url = "${url}"`,
    ].join('\n'),
  );
  const curlConfig = path.join(dir, 'curl.conf');
  fs.writeFileSync(curlConfig, `${blocks.join('\nnext\n')}\n`, { mode: 0o600 });
  const curl = await runMeasured('curl', ['--config', curlConfig]);
  if (curl.status !== 0) throw new Error(`curl failed (${curl.status})`);
  const task = (await pulp.action(`${upload.pulp_href}commit/`, { sha256 })) as Task;
  const artifact = await pulp.get<{ sha256: string }>(task.created_resources![0]);
  const uploadSeconds = seconds(uploadStarted);
  const totalSeconds = seconds(started);
  if (artifact.sha256 !== sha256) throw new Error('curl: Pulp has other bytes than were sent');
  fs.rmSync(dir, { recursive: true, force: true });
  const connections = curl.stdout
    .split('\n')
    .filter(Boolean)
    .reduce((sum, n) => sum + Number(n), 0);
  return {
    tool: 'curl',
    sizeMiB,
    uploadSeconds,
    totalSeconds,
    peakRssKiB: curl.peakKiB,
    note: `${chunks.length} chunks over ${connections} connection(s); whole job = sha256sum, upload`,
  };
}

function chunkMiBOf(argv: readonly string[]): number {
  const at = argv.indexOf('--chunk-size');
  const value = at >= 0 ? Number(argv[at + 1]) : DEFAULT_CHUNK_MIB;
  if (!Number.isInteger(value) || value < 1 || value > 256)
    throw new Error('--chunk-size takes a whole number of MiB, 1-256');
  return value;
}

async function main(): Promise<void> {
  const chunkMiB = chunkMiBOf(process.argv.slice(2));
  if (spawnSync('curl', ['--version']).status !== 0) throw new Error('curl is not installed: run `npm run tools`');
  const state = await startHarness(() => undefined);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-upload-'));
  try {
    const ark = state.instances.ark;
    const password = fs.readFileSync(ark.passwordFile, 'utf8').trim();
    const pulp = new PulpClient({ baseUrl: ark.apiUrl, username: ark.username, password });
    const configFile = path.join(work, 'bench.yaml');
    fs.writeFileSync(configFile, CONFIG);
    await new Reconciler(pulp, { hashKey: password }).run(desiredObjects(parseConfig(CONFIG, configFile).content, {}));
    const env = { PATH: process.env.PATH, RELEASE_TRAIN_PULP_URL: ark.apiUrl, RELEASE_TRAIN_PULP_PASSWORD: password };
    console.log(
      `bench:upload — generated images into the real "ark" Pulp (pulpcore ${ark.versions.core}), chunks of ${chunkMiB} MiB, on ${os.cpus().length} CPUs`,
    );
    console.log(
      `${'tool'.padEnd(14)} ${'size'.padStart(8)} ${'upload MiB/s'.padStart(12)} ${'job MiB/s'.padStart(10)} ${'seconds'.padStart(8)} ${'peak RSS MiB'.padStart(12)}  notes`,
    );
    for (const sizeMiB of SIZES_MIB) {
      for (const row of [
        await cliRow(env, work, configFile, sizeMiB, chunkMiB),
        await curlRow(pulp, password, work, sizeMiB, chunkMiB),
      ]) {
        console.log(
          `${row.tool.padEnd(14)} ${`${row.sizeMiB} MiB`.padStart(8)} ${(row.sizeMiB / row.uploadSeconds).toFixed(1).padStart(12)} ${(row.sizeMiB / row.totalSeconds).toFixed(1).padStart(10)} ${row.totalSeconds.toFixed(1).padStart(8)} ${(row.peakRssKiB / 1024).toFixed(1).padStart(12)}  ${row.note}`,
        );
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    await stopHarness(() => undefined);
  }
}

runMain(module, main);
