// The output swap of stacks/synthesise.ts when a stack disappears between two synths: cdktf-cli's own
// removal of stale folders (test/plan/stack-removal.test.ts) gets its folders; the app alone leaves none.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../../../config';
import { synthesise } from '../../../stacks/synthesise';

const withoutSiteA = () => {
  const config = loadConfig();
  return { ...config, mirrors: config.mirrors.filter((m) => m.name !== 'site-a') };
};

describe('synthesise after a stack is removed', () => {
  const saved = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  let outdir: string;
  beforeEach(() => {
    outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rt-synthesise-')), 'cdktf.out');
    delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    synthesise(loadConfig(), outdir);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'mirror-site-a', 'cdk.tf.json'))).toBe(true);
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = saved;
    fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
  });

  test('run on its own, the new output has exactly the new stacks', () => {
    synthesise(withoutSiteA(), outdir);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'mirror-site-a'))).toBe(false);
  });

  test('under cdktf-cli, the removed stack is an empty folder for cdktf-cli to remove', () => {
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = 'true';
    synthesise(withoutSiteA(), outdir);
    expect(fs.readdirSync(path.join(outdir, 'stacks', 'mirror-site-a'))).toEqual([]);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'mirror-site-b', 'cdk.tf.json'))).toBe(true);
  });
});
