import { ConfigError } from '../../../config';
import { exitCodeOf, EXIT, UsageError } from '../../../cli/exit-codes';
import { main } from '../../../cli/main';
import {
  AuthError,
  ConnectionError,
  ForbiddenError,
  HttpError,
  TaskAbandonedError,
  TaskFailedError,
  TimeoutError,
} from '../../../pulp';
import { MissingSecretError } from '../../../tasks/desired';
import { ImageMismatchError } from '../../../tasks/image-file';

describe('exit codes', () => {
  test.each([
    [new UsageError('x'), EXIT.usage],
    [new ConfigError([{ file: 'f', line: 1, col: 1, keyPath: 'a', message: 'm' }]), EXIT.config],
    [new MissingSecretError('X', 'user "u"'), EXIT.config],
    [new AuthError(401, 'GET', '/p', 'm'), EXIT.auth],
    [new ForbiddenError(403, 'GET', '/p', 'm'), EXIT.auth],
    [new ConnectionError('m'), EXIT.unreachable],
    [new TaskFailedError('/t/', 'failed', 'm'), EXIT.taskFailed],
    [new TaskAbandonedError('/t/', 'rpm repository "x"'), EXIT.taskFailed],
    [new HttpError(400, 'POST', '/p', 'm'), EXIT.pulp],
    [new TimeoutError('m'), EXIT.pulp],
    [new ImageMismatchError('m'), EXIT.mismatch],
    [new Error('bug'), EXIT.internal],
  ])('%p exits %i', (error, code) => {
    expect(exitCodeOf(error)).toBe(code);
  });

  test('the codes are distinct', () => {
    const codes = Object.values(EXIT);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('release-train main', () => {
  test('--help lists the commands and exits 0; no command is a usage error', async () => {
    const lines: string[] = [];
    await expect(main(['--help'], (l) => lines.push(l))).resolves.toBe(0);
    expect(lines.join('\n')).toContain('reconcile');
    await expect(main([], () => undefined)).resolves.toBe(EXIT.usage);
  });

  test.each([
    ['reconcile', '--dry-run'],
    ['sync', '--dry-run'],
    ['publish', '--dry-run'],
    ['distribute', '--dry-run'],
    ['versions', '--dry-run'],
    ['promote', '--dry-run'],
    ['promote-containers', '--dry-run'],
    ['cleanup-publications', '--yes'],
    ['mirror', '--dry-run'],
  ])('%s has --help with its usage, its way to write nothing (%s) and exit codes', async (command, safety) => {
    const lines: string[] = [];
    await expect(main([command, '--help'], (l) => lines.push(l))).resolves.toBe(0);
    expect(lines.join('\n')).toMatch(
      new RegExp(`usage: release-train ${command}[\\s\\S]*${safety}[\\s\\S]*Exit codes`),
    );
  });

  // test-cloud sweep took --help and then ignored it: a sweep ran.
  test.each([
    'kayobe-handoff',
    'wait-ready',
    'review',
    'import-release-train',
    'test-cloud sweep',
    'test-cloud up aio',
  ])('%s --help prints the usage, does nothing else and exits 0', async (command) => {
    const lines: string[] = [];
    await expect(main([...command.split(' '), '--help'], (l) => lines.push(l))).resolves.toBe(0);
    expect(lines.join('\n')).toMatch(new RegExp(`^usage: release-train ${command.split(' ')[0]}`));
  });

  test('the top-level help lists every command', async () => {
    const lines: string[] = [];
    await main(['--help'], (l) => lines.push(l));
    for (const command of [
      'reconcile',
      'sync',
      'publish',
      'distribute',
      'versions',
      'promote',
      'promote-containers',
      'cleanup-publications',
      'image',
      'mirror',
    ]) {
      expect(lines.join('\n')).toContain(`  ${command}`);
    }
  });
});
