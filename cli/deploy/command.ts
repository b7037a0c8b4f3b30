// `release-train deploy <stack>`: what `cdktf deploy <stack> --skip-synth` does (tofu init, then apply in
// cdktf.out/stacks/<stack>, with the tofu cdktf would run: TERRAFORM_BINARY_NAME, else tofu), with tofu's
// `-json` stream read instead of its boxes, so that every error ends as one line in the project's format
// (cli/deploy/report.ts), and a server an interrupted apply left on one of the stack's ports, which makes
// the next apply fail, is named and, if asked, deleted (cli/deploy/orphans.ts). cdktf's own output cannot
// be changed, and with CI set it left out a plan-time lookup error altogether ("Invoking Terraform CLI
// failed with exit code 1", nothing else).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../config/project-root';
import { formatIssue } from '../../config/errors';
import { liveTofu } from '../../review/tofu-workspace';
import { FlagSpec, flagsOrHelp, HELP_FLAG, helpText } from '../args';
import { EXIT, UsageError } from '../exit-codes';
import { cloudsYamlFile, OpenStackApi } from '../test-cloud/openstack-api';
import { diagnosticsOf, oneLine, parseLine } from './diagnostics';
import { Leftover, leftovers } from './leftovers';
import { deleteOrphans, OrphanServer, orphanServers, stateResources } from './orphans';
import { reportOf } from './report';
import { serverFaults, serversInError } from './server-faults';
import { StackFile, stackDirOf } from './stack-file';

const FLAGS: readonly FlagSpec[] = [
  {
    name: 'output',
    takesValue: true,
    description: 'the folder cdktf synthesised into (default cdktf.out in the project)',
  },
  {
    name: 'delete-orphans',
    takesValue: false,
    description: 'delete the servers an interrupted apply left on the stack ports, then apply again',
  },
  HELP_FLAG,
];

const HELP = helpText(
  'usage: release-train deploy <stack> [--output DIR] [--delete-orphans]',
  [
    'Applies a synthesised stack (run `npx cdktf synth` first) as `cdktf deploy <stack> --skip-synth` does, and',
    'prints each error as one line: cdk.tf.json:line:col <construct path> (<address>): <message>. When Nova',
    'refuses a server because its port is still in use, it names the server an interrupted apply left on the',
    'port (in no state); --delete-orphans deletes it and applies again. After an apply, it names what the',
    'cloud has under the names of the stack resources that no state holds (what a killed apply made before',
    'its state was written), to delete by hand. Exit codes: 0 applied, 4 OpenStack',
    'refused the credentials, 8 the apply failed, 9 the state is locked by another run, 10 orphaned servers',
    'or leftovers found, 64 usage (also: no such synthesised stack).',
  ].join('\n'),
  FLAGS,
);

/** Lines of tofu's stream worth showing as it runs (its own human wording of each). */
const SHOWN = new Set(['apply_start', 'apply_complete', 'apply_errored', 'change_summary', 'resource_drift']);

export async function deployCommand(argv: readonly string[], out: (line: string) => void): Promise<number> {
  const [stack, ...rest] = argv;
  if (stack === '--help' || stack === 'help') {
    out(HELP);
    return EXIT.ok;
  }
  if (!stack || stack.startsWith('--')) throw new UsageError('deploy needs a stack: release-train deploy <stack>');
  const flags = flagsOrHelp(rest, FLAGS, HELP, out);
  if (!flags) return EXIT.ok;
  const outputDir = path.resolve(PROJECT_ROOT, (flags.get('output') as string | undefined) ?? 'cdktf.out');
  const dir = stackDirOf(outputDir, stack);
  if (!fs.existsSync(path.join(dir, 'cdk.tf.json'))) {
    throw new UsageError(`no synthesised stack ${stack} in ${outputDir} (run \`npx cdktf synth\` first)`);
  }
  const file = StackFile.inOutput(outputDir, stack);
  const tofu = liveTofu();
  const redact = redactor(file.cloud(), tofu.env);
  const fail = (lines: readonly string[], code: number) => {
    for (const line of lines) console.error(redact(line));
    return code;
  };

  const init = await run(tofu.binary, ['init', '-input=false', '-json'], dir, tofu.env);
  if (init.status !== 0) {
    const report = reportOf(diagnosticsOf(init.stdout), file);
    const lines =
      report.lines.length > 0
        ? report.lines
        : [formatIssue({ ...at(file), message: `tofu init failed: ${oneLine(init.stderr)}` })];
    return fail(lines, EXIT.deployFailed);
  }

  const api = file.cloud() ? new OpenStackApi(file.cloud()!, cloudsYamlFile(tofu.env)) : undefined;
  const deleteAsked = flags.has('delete-orphans');
  for (let attempt = 1; ; attempt++) {
    const apply = await run(tofu.binary, ['apply', '-auto-approve', '-input=false', '-json'], dir, tofu.env, (line) => {
      const message = parseLine(line);
      if (SHOWN.has(message?.type)) out(redact(`${stack}: ${message['@message']}`));
    });
    if (apply.status === 0) {
      let left: Leftover[] = [];
      try {
        const state = api ? showState(tofu.binary, dir, tofu.env) : undefined;
        left = api && state ? await leftovers(api, state) : [];
      } catch (error) {
        // The apply succeeded: a cloud that cannot be listed now must not turn it into a failure.
        out(`${stack}: could not look for what an interrupted apply left: ${(error as Error).message}`);
      }
      out(`${stack}: deployed${left.length > 0 ? `; ${left.length} resource(s) of an interrupted apply found` : ''}`);
      return left.length > 0
        ? fail(
            left.map((l) => leftoverLine(file, l)),
            EXIT.orphans,
          )
        : EXIT.ok;
    }
    const diagnostics = diagnosticsOf(apply.stdout);
    const summaries = diagnostics.map((d) => d.summary).join('\n');
    const inError = serversInError(summaries);
    const faults = api && inError.length > 0 ? await serverFaults(api, inError) : new Map<string, string>();
    const report = reportOf(diagnostics, file, faults, path.relative(process.cwd(), dir) || '.');
    if (report.lines.length === 0) {
      const ended = apply.signal ? `was ended by ${apply.signal}` : `exited with ${apply.status}`;
      const said = oneLine(apply.stderr).slice(-500);
      report.lines.push(formatIssue({ ...at(file), message: `tofu apply ${ended}${said ? `: ${said}` : ''}` }));
    }
    // Only an apply that ran (it held the state lock) and met a port still in use looks for orphans: while
    // another apply runs, the server it is creating would look like one.
    const orphans = api && PORT_IN_USE.test(summaries) ? await findOrphans(api, tofu.binary, dir, tofu.env) : [];
    const orphanLines = orphans.map((o) => orphanLine(file, o, deleteAsked && attempt === 1));
    if (orphans.length > 0 && deleteAsked && attempt === 1) {
      for (const line of [...report.lines, ...orphanLines]) out(redact(line));
      await deleteOrphans(api!, orphans);
      continue;
    }
    if (orphans.length > 0) return fail([...report.lines, ...orphanLines], EXIT.orphans);
    return fail(report.lines, { auth: EXIT.auth, locked: EXIT.stateLocked, failed: EXIT.deployFailed }[report.kind]);
  }
}

/** Nova's refusal of a server on a port another server holds. */
const PORT_IN_USE = /Port [\w-]+ is still in use/;

function at(file: StackFile) {
  return { file: file.file, line: 1, col: 1, keyPath: file.stack };
}

/** `tofu show -json` of the stack's state; undefined when there is none yet (or the backend cannot say). */
function showState(tofu: string, dir: string, env: NodeJS.ProcessEnv): any {
  const shown = spawnSync(tofu, ['show', '-json'], { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 << 20 });
  return shown.status === 0 && shown.stdout ? JSON.parse(shown.stdout) : undefined;
}

async function findOrphans(
  api: OpenStackApi,
  tofu: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<OrphanServer[]> {
  const state = showState(tofu, dir, env);
  if (!state || !stateResources(state).some((r) => r.type === 'openstack_networking_port_v2')) return [];
  return orphanServers(api, state);
}

function leftoverLine(file: StackFile, left: Leftover): string {
  return formatIssue({
    file: file.file,
    line: file.lineOf(left.address.split('.')[1]),
    col: 1,
    keyPath: `${file.constructPath(left.address)} (${left.address})`,
    message: `${left.cli} ${left.id} is named "${left.name}" like this resource but is in no state: an interrupted apply may have left it; once sure it is no other stack's, delete it (openstack ${left.cli} delete ${left.id})`,
  });
}

function orphanLine(file: StackFile, orphan: OrphanServer, deleting: boolean): string {
  const server = `server ${orphan.serverName ? `${orphan.serverName} ` : ''}(${orphan.serverId})`;
  const action = deleting
    ? 'deleting it (--delete-orphans)'
    : `delete it (openstack server delete ${orphan.serverId}) or deploy again with --delete-orphans`;
  return formatIssue({
    file: file.file,
    line: file.lineOf(orphan.portAddress.split('.')[1]),
    col: 1,
    keyPath: `${file.constructPath(orphan.portAddress)} (${orphan.portAddress})`,
    message: `${server} holds port ${orphan.portId} but is in no state: an interrupted apply left it; ${action}`,
  });
}

/** Replaces the cloud's password or application credential secret, should any message ever quote it. */
function redactor(cloud: string | undefined, env: NodeJS.ProcessEnv): (line: string) => string {
  let secrets: string[] = [];
  try {
    const auth = parse(fs.readFileSync(cloudsYamlFile(env), 'utf8'))?.clouds?.[cloud ?? '']?.auth ?? {};
    secrets = [auth.password, auth.application_credential_secret, auth.token].filter(
      (s): s is string => typeof s === 'string' && s.length >= 4,
    );
  } catch {
    // no clouds.yaml: nothing of it can leak
  }
  return (line) => secrets.reduce((text, secret) => text.split(secret).join('***'), line);
}

interface Ran {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs tofu, each stdout line handed to `onLine` as it comes. */
function run(
  binary: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void = () => undefined,
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd, env: { ...env, TF_INPUT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) onLine(line);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error) => reject(new Error(`cannot run ${binary}: ${error.message}`)));
    child.on('close', (status, signal) => {
      if (pending) onLine(pending);
      resolve({ status, signal, stdout, stderr });
    });
  });
}
