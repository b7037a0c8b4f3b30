// `test-cloud sync` and `smoke`: test content into the environment's test Pulp (the mirror its
// `pulpMirror` names), then a smoke check (the stack's outputs make a Kayobe hand-off, the control host
// answers SSH, the test Pulp is ready). Plan-only mode prints exactly what would run and checks every input
// that needs no network.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { configErrorAt } from '../../config/locate';
import { PROJECT_ROOT } from '../../config/project-root';
import { MirrorConfig, ReleaseTrainConfig } from '../../config/model';
import { readRepoVersions } from '../../tasks/kayobe-versions';
import { snapshotTargets } from '../../tasks/snapshot';
import { realEnv, runDir, runReal, RunContext, synthesiseStack } from './run';
import { StepFailedError, TestCloudConfigError } from './errors';

const CLI = 'dist/cli/main.js';
/** What smoke reads from the stack: the Kayobe hand-off's inputs and where to SSH. */
const SMOKE_OUTPUTS = ['control_host_address', 'ssh_user', 'inventory', 'admin_oc_ips', 'admin_oc_cidr'];
const SSH_WAIT_SECONDS = 600;

function testPulp(ctx: RunContext): MirrorConfig | undefined {
  const name = ctx.environment.pulpMirror;
  return name === undefined ? undefined : ctx.config.mirrors.find((m) => m.name === name);
}

/** A Pulp server's API origin, as constructs/pulp-server.ts `pulpUrls` makes it (without loading cdktf here). */
function origin(hostname: string, tls: boolean): string {
  return `${tls ? 'https' : 'http'}://${hostname}`;
}

function apiUrlOf(mirror: MirrorConfig): string {
  return mirror.host.kind === 'existing'
    ? mirror.host.url
    : origin(mirror.host.server.hostname, mirror.host.server.tls);
}

function arkContentUrl(config: ReleaseTrainConfig): string {
  if (config.existingArk) return config.existingArk.contentUrl ?? `${config.existingArk.url}/pulp/content/`;
  if (config.ark) return `${origin(config.ark.hostname, config.ark.tls)}/pulp/content/`;
  throw configErrorAt(config.sourceFile, ['ark'], 'missing (expected Ark: the test Pulp mirrors from it)');
}

function cli(args: readonly string[]): string[] {
  return ['node', CLI, ...args];
}

/** Real mode runs node as this process does, with the CLI relative to the project root as printed. */
function runCli(ctx: RunContext, argv: readonly string[]): void {
  runReal(ctx, [process.execPath, ...argv.slice(1)]);
}

function credentialNote(names: readonly (readonly string[])[]): string {
  return names
    .map(
      (alternatives) => `${alternatives.join(' or ')} ${alternatives.some((n) => process.env[n]) ? 'set' : 'not set'}`,
    )
    .join('; ');
}

export function sync(ctx: RunContext): void {
  const mirror = testPulp(ctx);
  if (!mirror) {
    ctx.out(`test-cloud sync ${ctx.environment.name}: the environment names no pulpMirror: nothing to sync`);
    return;
  }
  const versionsFile = mirror.versionsFile!;
  const pins = readRepoVersions(fs.readFileSync(versionsFile, 'utf8'));
  const known = new Set(snapshotTargets(ctx.config.content).map((t) => t.publication.shortName));
  const matching = [...pins.keys()].filter((name) => known.has(name));
  if (matching.length === 0) {
    throw new TestCloudConfigError(`${versionsFile}: no pin names a published repository of ${ctx.config.sourceFile}`);
  }
  const argv = cli([
    'mirror',
    '--config',
    ctx.config.sourceFile,
    '--pulp-url',
    apiUrlOf(mirror),
    '--versions',
    versionsFile,
    '--ark-content-url',
    arkContentUrl(ctx.config),
  ]);
  ctx.out(
    `test Pulp: mirror ${mirror.name} at ${apiUrlOf(mirror)}; ${matching.length} pin(s) of ${versionsFile}: ${matching.join(', ')}`,
  );
  ctx.out(
    `credentials: ${credentialNote([['RELEASE_TRAIN_PULP_PASSWORD', 'RELEASE_TRAIN_PULP_PASSWORD_FILE'], ['RELEASE_TRAIN_ARK_USERNAME'], ['RELEASE_TRAIN_ARK_PASSWORD', 'RELEASE_TRAIN_ARK_PASSWORD_FILE']])}`,
  );
  if (ctx.planOnly) {
    if (!fs.existsSync(path.join(PROJECT_ROOT, CLI)))
      throw new TestCloudConfigError(`${CLI} is missing: run npm run compile`);
    ctx.out(`plan-only: would run: ${argv.join(' ')}`);
    return;
  }
  runCli(ctx, argv);
}

export async function smoke(ctx: RunContext): Promise<void> {
  const dir = runDir(ctx);
  const outputsFile = path.join(dir, 'outputs.json');
  const mirror = testPulp(ctx);
  const steps = [
    ['npx', 'cdktf', 'output', ctx.stack, '--outputs-file', outputsFile],
    cli(['kayobe-handoff', '--outputs', outputsFile, '--stack', ctx.stack, '--out', path.join(dir, 'kayobe')]),
    ...(mirror ? [cli(['wait-ready', '--pulp-url', apiUrlOf(mirror), '--timeout', '300'])] : []),
  ];
  if (ctx.planOnly) {
    const declared = Object.keys(synthesiseStack(ctx).json.output ?? {});
    const missing = SMOKE_OUTPUTS.filter((name) => !declared.includes(name));
    if (missing.length) throw new TestCloudConfigError(`${ctx.stack} declares no output ${missing.join(', ')}`);
    ctx.out(`${ctx.stack} declares the outputs smoke reads: ${SMOKE_OUTPUTS.join(', ')}`);
    ctx.out(`plan-only: would run: ${steps[0].join(' ')}`);
    ctx.out(`plan-only: would run: ${steps[1].join(' ')}`);
    ctx.out(`plan-only: would check: an SSH banner from <control_host_address>:22 within ${SSH_WAIT_SECONDS} s`);
    if (mirror) ctx.out(`plan-only: would run: ${steps[2].join(' ')}`);
    else ctx.out('no pulpMirror: no test Pulp to check');
    return;
  }
  fs.mkdirSync(dir, { recursive: true });
  runReal(ctx, steps[0], realEnv(ctx));
  runCli(ctx, steps[1]);
  const outputs = JSON.parse(fs.readFileSync(outputsFile, 'utf8'))[ctx.stack];
  const banner = await waitForSsh(String(outputs.control_host_address), 22, SSH_WAIT_SECONDS);
  ctx.out(`control host ${outputs.control_host_address}:22 answers: ${banner}`);
  if (mirror) runCli(ctx, steps[2]);
}

/** The first line an SSH server sends (`SSH-2.0-...`), or an error saying what came instead. */
export function sshBanner(host: string, port: number, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let received = '';
    let settled = false;
    const done = (error?: Error) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      if (error) reject(error);
      else resolve(received.split(/\r?\n/)[0]);
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`${host}:${port}: no banner within ${timeoutMs} ms`)));
    socket.on('error', (error) => done(new Error(`${host}:${port}: ${error.message}`)));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (!received.includes('\n') && received.length < 256) return;
      const line = received.split(/\r?\n/)[0];
      done(
        line.startsWith('SSH-')
          ? undefined
          : new Error(`${host}:${port}: not SSH (got ${JSON.stringify(line.slice(0, 40))})`),
      );
    });
    socket.on('end', () => done(new Error(`${host}:${port}: closed without a banner`)));
  });
}

/** Tries until a banner comes or `waitSeconds` have passed (a host that just booted is not listening yet). */
export async function waitForSsh(
  host: string,
  port: number,
  waitSeconds: number,
  pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
): Promise<string> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      return await sshBanner(host, port);
    } catch (error) {
      if (Date.now() >= deadline) throw new StepFailedError(`smoke: ${(error as Error).message}`);
      await pause(10_000);
    }
  }
}
