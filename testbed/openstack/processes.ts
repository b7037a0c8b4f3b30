// The control plane's processes (stopping them: testbed/processes.ts, shared with the Pulp harness): each a child of the harness in its own process group (so that a stop reaches
// every uwsgi worker and eventlet child), its output appended to a log file, its PID recorded by the caller.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface Launched {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
}

export function launch(
  name: string,
  command: string,
  args: readonly string[],
  logDir: string,
  env: NodeJS.ProcessEnv = {},
): Launched {
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'a');
  const child = spawn(command, args, {
    env: { ...process.env, PYTHONUNBUFFERED: '1', ...env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  child.unref();
  return { name, child, logFile };
}

/** Runs a command to completion (an init step), its output appended to `logFile`; throws naming the log on failure. */
export function runStep(
  command: string,
  args: readonly string[],
  logFile: string,
  env: NodeJS.ProcessEnv = {},
): string {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const result = spawnSync(command, args, {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  fs.appendFileSync(logFile, `$ ${command} ${args.join(' ')}\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.error) throw new Error(`openstack-harness: cannot run ${command}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(
      `openstack-harness: ${command} ${args.slice(0, 3).join(' ')} exited with ${result.status}; see ${logFile}`,
    );
  return result.stdout;
}

/** The same as runStep, without blocking the event loop: init steps of different services run side by side. */
export function runStepAsync(
  command: string,
  args: readonly string[],
  logFile: string,
  env: NodeJS.ProcessEnv = {},
): Promise<void> {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  fs.writeSync(out, `$ ${command} ${args.join(' ')}\n`);
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`openstack-harness: cannot run ${command}: ${error.message}`)));
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `openstack-harness: ${command} ${args.slice(0, 3).join(' ')} exited with ${code}; see ${logFile}`,
            ),
          ),
    );
  });
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `ready` until it holds; throws, naming the log, when a watched process exits or time runs out. */
export async function waitFor(
  what: string,
  ready: () => Promise<boolean>,
  watched: readonly Launched[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = watched.find((l) => l.child.exitCode !== null);
    if (dead)
      throw new Error(`openstack-harness: ${dead.name} exited with ${dead.child.exitCode}; see ${dead.logFile}`);
    if (await ready().catch(() => false)) return;
    await sleep(500);
  }
  throw new Error(`openstack-harness: ${what} not ready after ${timeoutMs / 1000} s`);
}
