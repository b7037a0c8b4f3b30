// Regenerates the OpenStack provider bindings (bindings/openstack/) with cdktf's own generator.
//
//   node dist/scripts/regen-bindings.js            build the provider pinned in versions.json, save its real
//                                                  schema (`tofu providers schema -json`) to bindings/, generate
//   node dist/scripts/regen-bindings.js --offline  generate from the committed schema only: no tofu, no provider,
//                                                  no network (what the "regeneration is reproducible" test runs)
//   ... --offline --out DIR                        the same, written to DIR instead of bindings/openstack/
//   ... --print-schema FILE                        write the built provider's schema to FILE and stop (for tests)
//
// To move to another provider version: change providers.openstack in versions.json and run without flags.
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../config/project-root';
import { ensureToolchain, ProviderEntry, toolchainEnv, toolchainLayout, ToolchainLayout } from './toolchain';
import { runMain } from '../cli/entry-point';

const bindingsDir = path.join(PROJECT_ROOT, 'bindings');
const PROVIDER = 'openstack';

function log(line: string): void {
  console.error(`[regen-bindings] ${line}`);
}

function run(command: string, args: readonly string[], options: SpawnSyncOptions): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...options });
  if (result.error) throw new Error(`regen-bindings: cannot run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `regen-bindings: ${path.basename(command)} ${args.join(' ')} exited with ${result.status}\n${String(result.stderr)}`,
    );
  }
  return String(result.stdout);
}

export function schemaFile(version: string): string {
  return path.join(bindingsDir, `${PROVIDER}-${version}.schema.json`);
}

/** An environment with no OpenStack settings at all, so nothing from the caller's cloud leaks into the schema. */
function envWithoutOpenStack(layout: ToolchainLayout): NodeJS.ProcessEnv {
  const env = toolchainEnv(layout);
  for (const key of Object.keys(env)) if (key.startsWith('OS_')) delete env[key];
  return env;
}

/** `tofu providers schema -json`: the part read here. */
interface ProvidersSchema {
  readonly provider_schemas: Record<string, unknown>;
}

/** The provider's real schema, as the project-built tofu reads it from the project-built provider. */
function readBuiltSchema(layout: ToolchainLayout, provider: ProviderEntry): ProvidersSchema {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-schema-'));
  try {
    const config = {
      terraform: { required_providers: { [PROVIDER]: { source: provider.source, version: provider.version } } },
    };
    fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(config, null, 2));
    const env = envWithoutOpenStack(layout);
    run(layout.tofu.binary, ['init', '-input=false', '-no-color'], { cwd: dir, env });
    return JSON.parse(run(layout.tofu.binary, ['providers', 'schema', '-json'], { cwd: dir, env })) as ProvidersSchema;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The schema in the shape cdktf's schema cache holds: cdktf matches a two-part source against
 * registry.terraform.io, while tofu names its own registry, so the provider key is renamed (the schema is
 * the same whichever registry serves the provider), and provider_versions is what `terraform version -json`
 * would add; then cdktf's own sanitiser runs, as on a cache miss.
 */
function cdktfCacheEntry(schema: ProvidersSchema, provider: ProviderEntry): unknown {
  const providerSchemas: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema.provider_schemas)) {
    providerSchemas[key.replace(/^registry\.opentofu\.org\//, 'registry.terraform.io/')] = value;
  }
  const fqpn = `registry.terraform.io/${provider.source}`;
  if (!providerSchemas[fqpn]) throw new Error(`regen-bindings: the schema has no provider ${fqpn}`);
  const cliDir = path.dirname(require.resolve('cdktf-cli/package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { sanitizeProviderSchema } = require(
    require.resolve('@cdktf/provider-schema/src/provider-schema', { paths: [cliDir] }),
  ) as { sanitizeProviderSchema: (schema: unknown) => unknown };
  return sanitizeProviderSchema({
    ...schema,
    provider_schemas: providerSchemas,
    provider_versions: { [fqpn]: provider.version },
  });
}

/** Runs `cdktf get` in a scratch project that reads the schema from cdktf's cache: no binary, no network. */
function generate(schema: ProvidersSchema, provider: ProviderEntry, target: string): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bindings-'));
  try {
    const cacheDir = path.join(work, 'schema-cache');
    fs.mkdirSync(cacheDir);
    const constraint = `${provider.source}@${provider.version}`;
    // cdktf keys its cache by the constraint's short name: it re-reads the cdktf.json string into an
    // object whose fqn is the name alone ("openstack"), not the source.
    const key = `${encodeURIComponent(PROVIDER)}@${encodeURIComponent(provider.version)}`;
    fs.writeFileSync(path.join(cacheDir, `${key}.json`), JSON.stringify(cdktfCacheEntry(schema, provider)));
    fs.writeFileSync(
      path.join(work, 'cdktf.json'),
      JSON.stringify({ language: 'typescript', app: 'true', terraformProviders: [constraint], codeMakerOutput: 'gen' }),
    );
    const cdktf = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'cdktf');
    const env = {
      ...envWithoutOpenStack(toolchainLayout()),
      // Proves that generation needs no terraform/tofu binary: any attempt to run one fails.
      TERRAFORM_BINARY_NAME: '/nonexistent/terraform',
    };
    log(`cdktf get ${constraint} from the saved schema`);
    run(cdktf, ['get', '--experimental-provider-schema-cache-path', cacheDir], {
      cwd: work,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const generated = path.join(work, 'gen', 'providers', PROVIDER);
    if (!fs.existsSync(generated)) throw new Error(`regen-bindings: cdktf get wrote nothing to ${generated}`);
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(generated, target, { recursive: true });
    log(`wrote ${target} (${fs.readdirSync(target).length} entries)`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

interface Options {
  offline: boolean;
  out: string;
  printSchema?: string;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { offline: false, out: path.join(bindingsDir, PROVIDER) };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--offline') options.offline = true;
    else if (argv[i] === '--out' && argv[i + 1]) options.out = path.resolve(argv[++i]);
    else if (argv[i] === '--print-schema' && argv[i + 1]) options.printSchema = path.resolve(argv[++i]);
    else
      throw new Error(
        `regen-bindings: unexpected argument ${argv[i]} (expected --offline, --out DIR or --print-schema FILE)`,
      );
  }
  return options;
}

function main(argv: readonly string[]): number {
  const options = parseArgs(argv);
  const provider = toolchainLayout().providers[PROVIDER];
  if (options.printSchema) {
    const layout = ensureToolchain();
    fs.writeFileSync(
      options.printSchema,
      JSON.stringify(readBuiltSchema(layout, layout.providers[PROVIDER]), null, 2) + '\n',
    );
    return 0;
  }
  if (!options.offline) {
    const layout = ensureToolchain();
    log(`reading the schema of ${provider.source} ${provider.version} with ${layout.tofu.binary}`);
    const schema = readBuiltSchema(layout, layout.providers[PROVIDER]);
    for (const old of fs
      .readdirSync(bindingsDir)
      .filter((f) => f.startsWith(`${PROVIDER}-`) && f.endsWith('.schema.json'))) {
      fs.rmSync(path.join(bindingsDir, old));
    }
    fs.writeFileSync(schemaFile(provider.version), JSON.stringify(schema, null, 2) + '\n');
    log(`wrote ${path.relative(PROJECT_ROOT, schemaFile(provider.version))}`);
  }
  if (!fs.existsSync(schemaFile(provider.version))) {
    throw new Error(
      `regen-bindings: no saved schema ${path.relative(PROJECT_ROOT, schemaFile(provider.version))}; run without --offline`,
    );
  }
  generate(JSON.parse(fs.readFileSync(schemaFile(provider.version), 'utf8')) as ProvidersSchema, provider, options.out);
  return 0;
}

runMain(module, main);
