// No secret reaches what synthesis writes: every secret input gets a random canary value (environment
// variables the config names, the CLI's and backends' credential variables, and every sensitive Terraform
// variable of every stack), the real entry point synthesises the examples, and no file under the output
// holds a canary, raw, base64- or URL-encoded. The plan's human output shows sensitive values as such.
// A control plants a canary to prove the search finds one.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { DEFAULT_CONFIG_FILE } from '../../config';
import { blockedProvidersOf } from '../../scripts/toolchain';
import { canary, findSecrets, secretsIn } from '../support/canary';
import { SynthesisedApp, synthApp, TofuWorkspace } from '../support/tofu';

// The example authenticates to GitHub as an App; a config of its sourceRepos alone, with token
// authentication, covers that variable too.
const tokenDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-canary-token-'));
const tokenAuth = path.join(tokenDir, 'github-token-auth.yaml');
const { sourceRepos } = parse(fs.readFileSync(DEFAULT_CONFIG_FILE, 'utf8'));
fs.writeFileSync(tokenAuth, stringify({ sourceRepos: { ...sourceRepos, auth: { method: 'token' } } }));
const EXAMPLES = [DEFAULT_CONFIG_FILE, path.join(path.dirname(DEFAULT_CONFIG_FILE), 'ark-at-scale.yaml'), tokenAuth];
/** The sensitive variable that carries the GitHub credential in each example, if it manages GitHub. */
const GITHUB_CREDENTIAL: Record<string, string | undefined> = {
  'release-train.yaml': 'github_app_pem_file',
  'ark-at-scale.yaml': undefined,
  'github-token-auth.yaml': 'github_token',
};
const CREDENTIAL_VARIABLES = [
  'RELEASE_TRAIN_PULP_PASSWORD',
  'RELEASE_TRAIN_ARK_PASSWORD',
  'AWS_SECRET_ACCESS_KEY',
  'PG_CONN_STR',
  'TF_HTTP_PASSWORD',
];

/** Every value of a key ending in `Env` (passwordEnv, remotePasswordEnv): the variables holding secrets. */
function envNamesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(envNamesIn);
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key.endsWith('Env') && typeof v === 'string' ? [v] : envNamesIn(v),
  );
}

const apps: SynthesisedApp[] = [];
afterAll(() => {
  apps.forEach((app) => fs.rmSync(app.outdir, { recursive: true, force: true }));
  fs.rmSync(tokenDir, { recursive: true, force: true });
});

describe.each(EXAMPLES.map((file) => [path.basename(file), file] as const))('%s', (_name, configFile) => {
  const envNames = [...new Set([...envNamesIn(parse(fs.readFileSync(configFile, 'utf8'))), ...CREDENTIAL_VARIABLES])];
  const environment = Object.fromEntries(envNames.map((name) => [name, canary()]));
  // Synthesise once to learn the sensitive variables, then give each a canary too (TF_VAR_*).
  const probe = synthApp({ RELEASE_TRAIN_CONFIG: configFile });
  apps.push(probe);
  const variables = [
    ...new Set(
      probe.stacks.flatMap((s) =>
        Object.entries<any>(s.json.variable ?? {})
          .filter(([, v]) => v.sensitive)
          .map(([name]) => name),
      ),
    ),
  ];
  for (const name of variables) environment[`TF_VAR_${name}`] = canary();
  const app = synthApp({ RELEASE_TRAIN_CONFIG: configFile, ...environment });
  apps.push(app);
  const secrets = Object.values(environment);

  test('no canary in any synthesised file', () => {
    const files = fs.readdirSync(app.outdir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    console.log(
      `[canary] ${path.basename(configFile)}: ${envNames.length} secret environment variables, ` +
        `${variables.length} sensitive Terraform variables (${variables.join(', ')}), ${files} files scanned`,
    );
    expect(variables.length).toBeGreaterThan(0);
    const github = GITHUB_CREDENTIAL[path.basename(configFile)];
    if (github) expect(variables).toContain(github);
    expect(findSecrets(app.outdir, secrets)).toEqual([]);
  });

  test('control: a planted canary is found in each encoding', () => {
    const secret = secrets[0];
    const plantings = [
      `password: ${secret}`,
      `content: ${Buffer.from(`user:${secret}\n`).toString('base64')}`,
      `content: ${Buffer.from(`${secret}\n`).toString('base64')}`,
      `url: https://ci:${encodeURIComponent(secret)}@ark.example.org/`,
    ];
    const planted = path.join(app.outdir, 'planted.txt');
    for (const [i, line] of plantings.entries()) {
      // Only the first holds the raw secret: the others are found by their encoding alone.
      expect(line.includes(secret)).toBe(i === 0);
      fs.writeFileSync(planted, `${line}\n`);
      expect(findSecrets(app.outdir, secrets)).toEqual([`planted.txt: ${secret}`]);
    }
    fs.rmSync(planted);
  });

  test('tofu plan of every stack with the canaries shows sensitive values as such, never a canary', () => {
    // A stack whose provider cannot be built here cannot be planned (source-repos-schema.test.ts checks it).
    const plannable = app.stacks.filter((s) => blockedProvidersOf(s.json).length === 0);
    for (const stack of plannable.filter((s) => Object.keys(s.json.variable ?? {}).length > 0)) {
      const workspace = new TofuWorkspace(stack);
      try {
        for (const [name, value] of Object.entries(environment)) {
          if (name.startsWith('TF_VAR_')) workspace.setVariable(name.slice('TF_VAR_'.length), value);
        }
        workspace.init();
        const output = workspace.ok(['plan', '-input=false', '-lock=false', '-no-color']);
        expect(output).toMatch(/\(sensitive value\)/);
        expect(secretsIn(output, secrets)).toEqual([]);
      } finally {
        workspace.dispose();
      }
    }
  });
});
