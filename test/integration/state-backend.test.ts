// A shared state backend for real: the `pg` backend of the config, against the test harness's PostgreSQL.
// The mirror of an existing host has outputs and tasks only; with the tasks left out it applies without a
// cloud or a Pulp: its state lands in the stack's own schema, a second apply changes nothing, and the
// connection string (which would hold a password) is read from PG_CONN_STR, never synthesised.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { harnessState } from '../support/pulp';
import { synthApp, TofuWorkspace } from '../support/tofu';
import { writeExampleConfig } from '../support/config';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-backend-'));
const schemaPrefix = `rt_backend_${process.pid}`;
const schema = `${schemaPrefix}_mirror_site_b`;
let workspace: TofuWorkspace | undefined;

function psql(sql: string): string {
  const port = String(harnessState().postgresPort);
  return execFileSync('psql', ['-h', '127.0.0.1', '-p', port, '-U', 'postgres', '-d', 'postgres', '-Atc', sql], {
    encoding: 'utf8',
  }).trim();
}

afterAll(() => {
  workspace?.dispose();
  fs.rmSync(work, { recursive: true, force: true });
  psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

test('the pg backend keeps each stack in its own schema; a second apply changes nothing', () => {
  const config = writeExampleConfig(
    work,
    'release-train.yaml',
    (text) => `${text}\nbackend:\n  pg:\n    schemaPrefix: ${schemaPrefix}\n`,
  );
  const app = synthApp({ RELEASE_TRAIN_CONFIG: config });
  try {
    const stack = app.stacks.find((s) => s.name === 'mirror-site-b')!;
    expect(stack.json.terraform.backend).toEqual({ pg: { schema_name: schema } });
    workspace = new TofuWorkspace(stack);
    // What is under test is where the state goes: the stack's tasks (which would call a Pulp at the
    // example's address) are left out here; deploy-mirror.test.ts runs them for real.
    const json = path.join(workspace.dir, 'cdk.tf.json');
    const { resource: _tasks, ...withoutTasks } = JSON.parse(fs.readFileSync(json, 'utf8'));
    fs.writeFileSync(json, JSON.stringify(withoutTasks));
    workspace.setEnvironment(
      'PG_CONN_STR',
      `postgres://postgres@127.0.0.1:${harnessState().postgresPort}/postgres?sslmode=disable`,
    );
    workspace.init();
    workspace.ok(['apply', '-input=false', '-auto-approve', '-no-color']);
    const state = JSON.parse(psql(`SELECT data FROM ${schema}.states WHERE name = 'default'`));
    expect(state.outputs.upstream_api_url.value).toBe('https://ark.example.org');
    expect(state.outputs.api_url.value).toBe('https://pulp.site-b.example.net');
    expect(fs.readdirSync(workspace.dir).filter((f) => f.endsWith('.tfstate'))).toEqual([]);

    const again = workspace.ok(['plan', '-input=false', '-no-color', '-detailed-exitcode']);
    expect(again).toMatch(/No changes/);
    console.log(`[pg backend] state of mirror-site-b in schema ${schema}, serial ${state.serial}`);
  } finally {
    fs.rmSync(app.outdir, { recursive: true, force: true });
  }
});
