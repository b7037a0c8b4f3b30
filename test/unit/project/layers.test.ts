// The layer check (.dependency-cruiser.cjs) bites: a copy of the project's rules run on planted files in a
// temporary tree finds each cross-layer import, and passes the same tree without them.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const depcruise = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function cruise(files: Record<string, string>): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-layers-'));
  try {
    for (const [name, source] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), source);
    }
    fs.copyFileSync(path.join(root, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
    const folders = [...new Set(Object.keys(files).map((name) => name.split('/')[0]))].filter(
      (f) => f !== 'node_modules',
    );
    const run = spawnSync(process.execPath, [depcruise, '--config', '.dependency-cruiser.cjs', ...folders], {
      cwd: dir,
      encoding: 'utf8',
    });
    return { status: run.status, output: run.stdout + run.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const clean = {
  'config/model.ts': 'export const x = 1;\n',
  'constructs/server.ts': "import { x } from '../config/model';\nexport const y = x;\n",
  'stacks/ark.ts': "import { y } from '../constructs/server';\nexport const z = y;\n",
  'tasks/sync.ts': "import { x } from '../config/model';\nexport const t = x;\n",
  'testbed/harness.ts': "import { t } from '../tasks/sync';\nexport const h = t;\n",
};

// One planted violation per rule, each in a folder of its own so that they do not overlap.
const planted = {
  'config/planted.ts': "import { y } from '../constructs/server';\nexport const p = y;\n",
  'tasks/planted.ts': "import { h } from '../testbed/harness';\nexport const p = h;\n",
  'constructs/planted.ts': "import { z } from '../stacks/ark';\nexport const p = z;\n",
  'cli/planted.ts': "import { y } from '../constructs/server';\nexport const p = y;\n",
  'pulp/planted.ts': "import { App } from 'cdktf';\nexport const p = App;\n",
  'userdata/a.ts': "import { b } from './b';\nexport const a = b;\n",
  'userdata/b.ts': "import { a } from './a';\nexport const b = a;\n",
  'node_modules/cdktf/package.json': '{ "name": "cdktf", "main": "index.js" }\n',
  'node_modules/cdktf/index.js': 'exports.App = class App {};\n',
};

describe('layer check', () => {
  test('a tree that keeps the layers passes', () => {
    expect(cruise(clean)).toMatchObject({ status: 0 });
  });

  test('each planted cross-layer import fails the check, named by its rule', () => {
    const run = cruise({ ...clean, ...planted });
    expect(run.status).not.toBe(0);
    for (const [rule, file] of [
      ['config-imports-no-other-layer', 'config/planted.ts'],
      ['product-never-imports-test-or-tools', 'tasks/planted.ts'],
      ['layers-point-down', 'constructs/planted.ts'],
      ['task-layer-has-no-constructs', 'cli/planted.ts'],
      ['cdktf-only-in-constructs-stacks-review', 'pulp/planted.ts'],
      ['no-cycles', 'userdata/'],
    ]) {
      expect(run.output).toContain(`error ${rule}: ${file}`);
    }
  });
});
