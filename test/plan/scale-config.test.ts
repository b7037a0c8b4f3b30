// The generated config of bench:synth (Ark, 100 client sites, 10 test environments) synthesises through the
// real entry point: one stack per entry, each site in its own cloud or on its existing host (and the example's
// source-repos stack, which does not grow with the sites).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { synthApp } from '../support/tofu';
// bench/scale-config.js is plain JavaScript (the synth bench runs it without compiling), so no import.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeScaleConfig } = require('../../bench/scale-config');

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-scale-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

test('100 client sites and 10 test environments synthesise into 113 stacks', () => {
  const app = synthApp({ RELEASE_TRAIN_CONFIG: writeScaleConfig(work, 100, 10) });
  try {
    const names = app.stacks.map((s) => s.name);
    expect(names).toHaveLength(113);
    expect(names).toContain('source-repos');
    expect(names.filter((n) => n.startsWith('mirror-site-'))).toHaveLength(100);
    expect(names.filter((n) => n.startsWith('test-env-'))).toHaveLength(10);
    const site1 = app.stacks.find((s) => s.name === 'mirror-site-001')!;
    expect(site1.json.provider.openstack).toEqual([{ cloud: 'site-001' }]);
    // An existing host: no OpenStack resource, only its tasks.
    expect(Object.keys(app.stacks.find((s) => s.name === 'mirror-site-002')!.json.resource)).toEqual([
      'terraform_data',
    ]);
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
});
