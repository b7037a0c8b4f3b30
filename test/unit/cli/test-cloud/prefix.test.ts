import { perRunState, runOfPrefix, runPrefix } from '../../../../cli/test-cloud/prefix';

describe('runPrefix', () => {
  test('is ci-<run id>-<attempt>-<env> in GitHub Actions, and --prefix when given', () => {
    expect(runPrefix('aio', undefined, { GITHUB_RUN_ID: '9876543210', GITHUB_RUN_ATTEMPT: '2' })).toBe(
      'ci-9876543210-2-aio',
    );
    expect(runPrefix('multinode', undefined, { GITHUB_RUN_ID: '5' })).toBe('ci-5-1-multinode');
    expect(runPrefix('aio', 'mine', { GITHUB_RUN_ID: '5' })).toBe('mine');
  });

  test('fails without a run or a prefix, and on a run id that is not a number', () => {
    expect(() => runPrefix('aio', undefined, {})).toThrow(/no prefix: pass --prefix PREFIX, or run in GitHub Actions/);
    expect(() => runPrefix('aio', undefined, { GITHUB_RUN_ID: '12; rm' })).toThrow(
      /GITHUB_RUN_ID must be a number, got "12; rm"/,
    );
  });
});

describe('runOfPrefix', () => {
  test('reads the run back out of a CI prefix, and nothing out of any other', () => {
    expect(runOfPrefix('ci-9876543210-2-aio')).toEqual({ runId: '9876543210', attempt: 2 });
    expect(runOfPrefix('ci-1-1-multi-node')).toEqual({ runId: '1', attempt: 1 });
    for (const other of ['rt-aio', 'ci-aio', 'ci-12-aio', 'xci-1-1-aio', 'ci-1-1-']) {
      expect(runOfPrefix(other)).toBeUndefined();
    }
  });
});

describe('perRunState', () => {
  test('s3 and pg keep a workspace per run; local and http are refused, saying why', () => {
    expect(perRunState({ kind: 's3', bucket: 'b', keyPrefix: 'k', region: 'r' }, 'test-aio', 'ci-1-1-aio')).toEqual({
      where: 's3://b/env:/ci-1-1-aio/k/test-aio.tfstate',
    });
    expect(perRunState({ kind: 'pg', schemaPrefix: 'rt' }, 'test-aio', 'ci-1-1-aio')).toEqual({
      where: 'workspace ci-1-1-aio in schema rt_test_aio',
    });
    expect(perRunState({ kind: 'local' }, 'test-aio', 'p')).toEqual({
      refused: expect.stringMatching(/a cancelled run could not be destroyed/),
    });
    expect(perRunState({ kind: 'http', address: 'https://x' }, 'test-aio', 'p')).toEqual({
      refused: expect.stringMatching(/no workspaces/),
    });
  });
});
