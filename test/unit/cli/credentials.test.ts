import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { closePulpClients, credentialsFromEnv, pulpClientFor, pulpCredentials } from '../../../cli/credentials';
import { UsageError } from '../../../cli/exit-codes';

const PASSWORD = 'pa55-w0rd-that-must-not-leak';

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('credentialsFromEnv', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'release-train-credentials-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('username and password from <prefix>_USERNAME and <prefix>_PASSWORD', () => {
    expect(credentialsFromEnv('ARK', { ARK_USERNAME: 'client', ARK_PASSWORD: PASSWORD })).toEqual({
      username: 'client',
      password: PASSWORD,
    });
  });

  test('otherwise the password is read, trimmed, from <prefix>_PASSWORD_FILE', () => {
    const file = path.join(dir, 'password');
    fs.writeFileSync(file, `  ${PASSWORD}\n`);
    expect(credentialsFromEnv('ARK', { ARK_USERNAME: 'client', ARK_PASSWORD_FILE: file })).toEqual({
      username: 'client',
      password: PASSWORD,
    });
  });

  test('<prefix>_PASSWORD wins over the file, which is then not read', () => {
    const env = { ARK_USERNAME: 'client', ARK_PASSWORD: PASSWORD, ARK_PASSWORD_FILE: path.join(dir, 'absent') };
    expect(credentialsFromEnv('ARK', env).password).toBe(PASSWORD);
  });

  test('the default username applies only when <prefix>_USERNAME is unset or empty', () => {
    expect(credentialsFromEnv('P', { P_PASSWORD: PASSWORD }, 'admin').username).toBe('admin');
    expect(credentialsFromEnv('P', { P_USERNAME: '', P_PASSWORD: PASSWORD }, 'admin').username).toBe('admin');
    expect(credentialsFromEnv('P', { P_USERNAME: 'ops', P_PASSWORD: PASSWORD }, 'admin').username).toBe('ops');
  });

  test('a missing username without a default is a usage error naming <prefix>_USERNAME', () => {
    const error = errorOf(() => credentialsFromEnv('ARK', { ARK_PASSWORD: PASSWORD }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('no username: set ARK_USERNAME');
  });

  test('a missing password is a usage error naming both variables', () => {
    const error = errorOf(() => credentialsFromEnv('ARK', { ARK_USERNAME: 'client', ARK_PASSWORD: '' }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('no password: set ARK_PASSWORD or ARK_PASSWORD_FILE');
  });

  test.each([
    ['a file that does not exist', 'absent', 'ENOENT'],
    ['a directory', '.', 'EISDIR'],
  ])('%s is a usage error naming the variable and the reason', (_what, name, code) => {
    const file = path.join(dir, name);
    const error = errorOf(() => credentialsFromEnv('ARK', { ARK_USERNAME: 'client', ARK_PASSWORD_FILE: file }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(`cannot read ARK_PASSWORD_FILE ${file}: ${code}`);
  });

  test('no error message contains the password', () => {
    const file = path.join(dir, 'password-file');
    fs.writeFileSync(file, PASSWORD);
    const messages = [
      errorOf(() => credentialsFromEnv('ARK', { ARK_PASSWORD: PASSWORD })),
      errorOf(() => credentialsFromEnv('ARK', { ARK_PASSWORD_FILE: file })),
      errorOf(() => credentialsFromEnv('ARK', { ARK_USERNAME: 'u', ARK_PASSWORD_FILE: dir })),
    ].map((e) => e.message);
    expect(messages).toEqual([
      'no username: set ARK_USERNAME',
      'no username: set ARK_USERNAME',
      `cannot read ARK_PASSWORD_FILE ${dir}: EISDIR`,
    ]);
    for (const message of messages) expect(message).not.toContain(PASSWORD);
  });
});

describe('pulpCredentials', () => {
  test('reads RELEASE_TRAIN_PULP_*, with admin as the default username', () => {
    expect(pulpCredentials({ RELEASE_TRAIN_PULP_PASSWORD: PASSWORD })).toEqual({
      username: 'admin',
      password: PASSWORD,
    });
    expect(() => pulpCredentials({})).toThrow(
      'no password: set RELEASE_TRAIN_PULP_PASSWORD or RELEASE_TRAIN_PULP_PASSWORD_FILE',
    );
  });
});

describe('pulpClientFor', () => {
  const env = { RELEASE_TRAIN_PULP_URL: 'http://127.0.0.1:9', RELEASE_TRAIN_PULP_PASSWORD: 'pw' };
  afterEach(() => closePulpClients());

  test('logs in once per run by default; RELEASE_TRAIN_PULP_AUTH=basic sends the password instead', () => {
    expect(pulpClientFor(new Map(), env).authentication).toBe('session');
    expect(pulpClientFor(new Map(), { ...env, RELEASE_TRAIN_PULP_AUTH: 'basic' }).authentication).toBe('basic');
  });

  test('any other RELEASE_TRAIN_PULP_AUTH is a usage error', () => {
    expect(() => pulpClientFor(new Map(), { ...env, RELEASE_TRAIN_PULP_AUTH: 'token' })).toThrow(
      new UsageError('RELEASE_TRAIN_PULP_AUTH must be session or basic, got "token"'),
    );
  });
});
