// The committed OpenStack bindings are the real thing: their schema is the built provider's own, every
// resource and data source has a binding, regeneration is reproducible, and every module compiles.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot, toolchainLayout } from '../../scripts/toolchain';

const provider = toolchainLayout().providers.openstack;
const bindingsDir = path.join(projectRoot, 'bindings', 'openstack');
const schemaFile = path.join(projectRoot, 'bindings', `openstack-${provider.version}.schema.json`);
const committed = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
const schema = committed.provider_schemas[`registry.opentofu.org/${provider.source}`];
const regen = path.join(projectRoot, 'dist', 'scripts', 'regen-bindings.js');

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bindings-test-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Each binding module's `tfResourceType`, keyed by its folder. */
function bindingTypes(): Map<string, string> {
  const types = new Map<string, string>();
  for (const entry of fs.readdirSync(bindingsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const source = fs.readFileSync(path.join(bindingsDir, entry.name, 'index.ts'), 'utf8');
    const match = /static readonly tfResourceType = "([^"]+)"/.exec(source);
    if (match) types.set(entry.name, match[1]);
  }
  return types;
}

test(`the committed schema equals \`tofu providers schema -json\` of ${provider.source} ${provider.version} built from ${provider.module}@${provider.ref}`, () => {
  const printed = path.join(scratch, 'schema.json');
  execFileSync(process.execPath, [regen, '--print-schema', printed], { stdio: ['ignore', 'inherit', 'pipe'] });
  expect(JSON.parse(fs.readFileSync(printed, 'utf8'))).toEqual(committed);
});

test(`every resource and data source of openstack ${provider.version} has a binding`, () => {
  const resources = Object.keys(schema.resource_schemas).sort();
  const dataSources = Object.keys(schema.data_source_schemas).sort();
  if (provider.version === '3.4.0') {
    expect([resources.length, dataSources.length]).toEqual([108, 61]);
  }
  const types = bindingTypes();
  const boundResources = [...types].filter(([dir]) => !dir.startsWith('data-') && dir !== 'provider').map(([, t]) => t);
  const boundDataSources = [...types].filter(([dir]) => dir.startsWith('data-')).map(([, t]) => t);
  expect(boundResources.sort()).toEqual(resources);
  expect(boundDataSources.sort()).toEqual(dataSources);
  expect(types.get('provider')).toBe('openstack');
  console.log(
    `openstack ${provider.version}: ${resources.length} resources and ${dataSources.length} data sources, all bound`,
  );
});

test('regenerating from the committed schema, with no tofu binary, reproduces bindings/openstack exactly', () => {
  const out = path.join(scratch, 'regenerated');
  execFileSync(process.execPath, [regen, '--offline', '--out', out], { stdio: ['ignore', 'inherit', 'pipe'] });
  // `diff -r` exits non-zero and names each difference; execFileSync turns that into a failure with its output.
  expect(execFileSync('diff', ['-r', out, bindingsDir], { encoding: 'utf8' })).toBe('');
});

test('every binding module type-checks', () => {
  const tsconfig = path.join(scratch, 'tsconfig.json');
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: path.join(projectRoot, 'tsconfig.json'),
      compilerOptions: { noEmit: true, incremental: false, types: [] },
      files: [path.join(bindingsDir, 'index.ts')],
      include: [],
    }),
  );
  const tsc = path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', tsconfig], { encoding: 'utf8' });
  expect(result.stdout).toBe('');
  expect(result.status).toBe(0);
});
