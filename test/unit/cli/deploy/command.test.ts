// `release-train deploy`'s usage: what it needs before it runs any tofu.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../../../../cli/exit-codes';
import { main } from '../../../../cli/main';

async function run(argv: readonly string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  try {
    return { code: await main(argv, (line) => out.push(line)), out, err };
  } finally {
    spy.mockRestore();
  }
}

test('fails without a stack, with a usage line', async () => {
  expect(await run(['deploy'])).toEqual({
    code: EXIT.usage,
    out: [],
    err: ['release-train: deploy needs a stack: release-train deploy <stack>'],
  });
});

test('fails on a stack that was not synthesised, naming the folder and the way out', async () => {
  const output = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-deploy-usage-'));
  const result = await run(['deploy', 'ark', '--output', output]);
  expect(result.code).toBe(EXIT.usage);
  expect(result.err).toEqual([`release-train: no synthesised stack ark in ${output} (run \`npx cdktf synth\` first)`]);
  fs.rmSync(output, { recursive: true, force: true });
});

test('fails on an unknown flag', async () => {
  const result = await run(['deploy', 'ark', '--delete-orphan']);
  expect(result.code).toBe(EXIT.usage);
  expect(result.err).toEqual([expect.stringMatching(/^release-train: .*--delete-orphan/)]);
});

test('--help names the exit codes', async () => {
  const result = await run(['deploy', '--help']);
  expect(result.code).toBe(EXIT.ok);
  expect(result.out.join('\n')).toMatch(
    /4 OpenStack\s+refused the credentials, 8 the apply failed, 9 the state is locked/,
  );
});
