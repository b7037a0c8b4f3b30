// The closing line CI reads must not say "0 failed" while jest fails: jest runs here on probe files in a
// temporary folder with its own config and the project's closing-line reporter.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const reporter = path.resolve(__dirname, '../../support/closing-line-reporter.js');
const jestBin = require.resolve('jest/bin/jest');

function runJestOn(
  probes: Record<string, string>,
  extraConfig: Record<string, string> = {},
): { status: number | null; closingLine: string | undefined } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-closing-line-'));
  try {
    for (const [name, source] of Object.entries(probes)) fs.writeFileSync(path.join(dir, name), source);
    const config = {
      rootDir: dir,
      testMatch: ['<rootDir>/*.test.js'],
      reporters: [reporter],
      cache: false,
      ...extraConfig,
    };
    fs.writeFileSync(path.join(dir, 'jest.config.json'), JSON.stringify(config));
    // Under npm test (testbed/run-tests.ts) the reporter writes counts to a file instead: not for the probes.
    const { RELEASE_TRAIN_CLOSING_COUNTS: _countsFile, ...env } = process.env;
    const run = spawnSync(process.execPath, [jestBin, '--ci', '--config', path.join(dir, 'jest.config.json')], {
      cwd: dir,
      encoding: 'utf8',
      env,
    });
    return { status: run.status, closingLine: /^tests: .*$/m.exec(run.stdout)?.[0] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const passing = "test('passes', () => expect(1).toBe(1));\n";

describe('closing line', () => {
  test('a suite that throws while loading counts as failed, and jest exits non-zero', () => {
    const run = runJestOn({
      'passes.test.js': passing,
      'throws-at-load.test.js': "throw new Error('probe: broken at load');\n",
    });
    expect(run.closingLine).toBe('tests: 1 passed, 1 failed, 0 skipped');
    expect(run.status).not.toBe(0);
  });

  test('a failing afterAll with no failing test counts as failed', () => {
    const run = runJestOn({
      'hook.test.js': `${passing}afterAll(() => { throw new Error('probe: teardown failed'); });\n`,
    });
    expect(run.closingLine).toMatch(/^tests: \d+ passed, [1-9]\d* failed, 0 skipped$/);
    expect(run.status).not.toBe(0);
  });

  test('a global setup that throws (wrapped as the projects wrap theirs) ends with 1 failed, and jest exits non-zero', () => {
    const run = runJestOn(
      {
        'passes.test.js': passing,
        'setup.js': `module.exports = require(${JSON.stringify(reporter)}).failingSetupCounts(async () => {
          throw new Error('probe: toolchain not built');
        });\n`,
      },
      { globalSetup: '<rootDir>/setup.js' },
    );
    expect(run.closingLine).toBe('tests: 0 passed, 1 failed, 0 skipped');
    expect(run.status).not.toBe(0);
  });

  test('every project global setup is wrapped so that its failure is counted', () => {
    const jestConfig = fs.readFileSync(path.resolve(__dirname, '../../../jest.config.js'), 'utf8');
    const setups = [...new Set([...jestConfig.matchAll(/globalSetup: '([^']+)'/g)].map((match) => match[1]))];
    expect(setups.length).toBeGreaterThan(0);
    for (const setup of setups) {
      const source = fs.readFileSync(setup.replace('<rootDir>', path.resolve(__dirname, '../../..')), 'utf8');
      expect(source).toMatch(/^export default failingSetupCounts\(\w+\);$/m);
    }
  });

  test('a clean run says 0 failed and exits 0', () => {
    const run = runJestOn({ 'passes.test.js': passing, 'skips.test.js': "test.skip('skipped', () => {});\n" });
    expect(run).toEqual({ status: 0, closingLine: 'tests: 1 passed, 0 failed, 1 skipped' });
  });
});
