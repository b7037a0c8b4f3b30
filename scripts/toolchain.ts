// The OpenTofu toolchain for tests, CI and benchmarks: OpenTofu and the Terraform providers, built from
// their Go module sources at the versions pinned in versions.json, into the cache (scripts/cache.ts):
//   opentofu/<version>/tofu                                        the tofu binary
//   mirror/registry.opentofu.org/<ns>/<type>/<version>/<os_arch>/   a filesystem mirror for `tofu init`
//   tofurc                                                         CLI config pointing tofu at the mirror only
//   actionlint/<version>/actionlint                                the GitHub Actions workflow linter
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Tofu } from '../review/tofu-workspace';
import { buildInto, cacheRoot, isCurrent, Log, runLogged, writeAtomically, writeStamp } from './cache';
import { ProviderVersion, readVersions, Versions } from './versions';

import { PROJECT_ROOT } from '../config/project-root';

export { PROJECT_ROOT as projectRoot } from '../config/project-root';
export { readVersions } from './versions';

export interface ProviderEntry extends ProviderVersion {
  readonly namespace: string;
  readonly type: string;
  /** The provider's folder in the filesystem mirror. */
  readonly dir: string;
  readonly binary: string;
}

export interface ToolchainLayout {
  readonly root: string;
  readonly platform: string;
  readonly tofu: Versions['opentofu'] & { readonly binary: string };
  readonly providers: Readonly<Record<string, ProviderEntry>>;
  readonly mirrorDir: string;
  readonly cliConfigFile: string;
  readonly actionlint: Versions['actionlint'] & { readonly binary: string };
}

function goPlatform(): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch];
  if (!arch) throw new Error(`toolchain: unsupported CPU architecture ${process.arch}`);
  return `${process.platform}_${arch}`;
}

/** Where every tool lives, derived from versions.json alone. */
export function toolchainLayout(versions: Versions = readVersions()): ToolchainLayout {
  const root = cacheRoot();
  const platform = goPlatform();
  const providers: Record<string, ProviderEntry> = {};
  for (const [name, entry] of Object.entries(versions.providers)) {
    const [namespace, type] = entry.source.split('/');
    const dir = path.join(root, 'mirror', 'registry.opentofu.org', namespace, type, entry.version, platform);
    providers[name] = {
      ...entry,
      namespace,
      type,
      dir,
      binary: path.join(dir, `terraform-provider-${type}_v${entry.version}`),
    };
  }
  return {
    root,
    platform,
    tofu: { ...versions.opentofu, binary: path.join(root, 'opentofu', versions.opentofu.version, 'tofu') },
    providers,
    mirrorDir: path.join(root, 'mirror'),
    cliConfigFile: path.join(root, 'tofurc'),
    actionlint: {
      ...versions.actionlint,
      binary: path.join(root, 'actionlint', versions.actionlint.version, 'actionlint'),
    },
  };
}

/**
 * The environment every tofu/cdktf invocation in tests gets: the project-built tofu by absolute path,
 * the offline mirror, and no OpenStack or Terraform settings from the caller's shell.
 */
export function toolchainEnv(
  layout: ToolchainLayout = toolchainLayout(),
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (!key.startsWith('OS_') && !key.startsWith('TF_')) env[key] = value;
  }
  return {
    ...env,
    TF_CLI_CONFIG_FILE: layout.cliConfigFile,
    TERRAFORM_BINARY_NAME: layout.tofu.binary,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    // The OpenStack provider authenticates lazily; a plan that reads no data source never calls this.
    OS_AUTH_URL: 'http://127.0.0.1:9/v3',
  };
}

/** The project-built tofu and its environment, for review/tofu-workspace.ts in tests and maintainer scripts. */
export function toolchainTofu(layout: ToolchainLayout = toolchainLayout()): Tofu {
  return { binary: layout.tofu.binary, env: toolchainEnv(layout) };
}

function goEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-modcacherw -trimpath', GOBIN: undefined };
}

/** `go mod download` a module at a ref and return the directory of its source in the module cache. */
function downloadModule(module: string, ref: string, log: Log): string {
  const out = runLogged(
    'go',
    ['mod', 'download', '-json', `${module}@${ref}`],
    { env: goEnv(), cwd: os.tmpdir() },
    log,
  );
  const info = JSON.parse(out) as { Error?: string; Dir: string };
  if (info.Error) throw new Error(`toolchain: go mod download ${module}@${ref}: ${info.Error}`);
  return info.Dir;
}

function buildTofu(layout: ToolchainLayout, log: Log): void {
  const { module, version, package: pkg } = layout.tofu;
  log(`building OpenTofu v${version} from ${module} (about 4 minutes on 2 cores the first time)`);
  // `go install module/cmd/tofu@v` is refused: OpenTofu's go.mod has replace directives. Build inside its source.
  const dir = downloadModule(module, `v${version}`, log);
  buildInto(layout.tofu.binary, (out) => {
    runLogged(
      'go',
      ['build', '-ldflags', `-s -w -X ${module}/version.dev=no`, '-o', out, pkg],
      { cwd: dir, env: goEnv() },
      log,
    );
  });
}

/** `go install module/cmd/actionlint@version` into a temporary GOBIN, then moved into the cache. */
function buildActionlint(layout: ToolchainLayout, log: Log): void {
  const { module, version, package: pkg } = layout.actionlint;
  log(`building actionlint ${version} from ${module}`);
  buildInto(layout.actionlint.binary, (out) => goInstall(`${module}/${pkg.replace(/^\.\//, '')}@${version}`, out, log));
}

/** `go install <target>` (module mode, outside any module) and copy the one binary it makes to `out`. */
function goInstall(target: string, out: string, log: Log, ldflags = '-s -w'): void {
  const gobin = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-gobin-'));
  try {
    runLogged(
      'go',
      ['install', '-ldflags', ldflags, target],
      { cwd: os.tmpdir(), env: { ...goEnv(), GOBIN: gobin } },
      log,
    );
    const built = fs.readdirSync(gobin);
    if (built.length !== 1)
      throw new Error(`toolchain: expected one binary from go install, found ${built.join(', ')}`);
    fs.copyFileSync(path.join(gobin, built[0]), out);
    fs.chmodSync(out, 0o755);
  } finally {
    fs.rmSync(gobin, { recursive: true, force: true });
  }
}

/** Where vendored sources live: ../shared/vendor/ beside the project (CI has the same copy). */
const VENDOR_DIR = path.join(PROJECT_ROOT, '..', 'shared', 'vendor');

/** `go build` offline in a vendored source archive (with its vendor/ folder), after checking its sha256. */
function buildVendored(provider: ProviderEntry, out: string, log: Log): void {
  if (!provider.archive) throw new Error(`toolchain: provider ${provider.source} is vendored but names no archive`);
  const archive = path.join(VENDOR_DIR, provider.archive.file);
  const sha256 = createHash('sha256').update(fs.readFileSync(archive)).digest('hex');
  if (sha256 !== provider.archive.sha256) {
    throw new Error(`toolchain: ${archive} has sha256 ${sha256}, versions.json expects ${provider.archive.sha256}`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-vendored-'));
  try {
    runLogged('tar', ['xzf', archive, '-C', work], {}, log);
    const [top] = fs.readdirSync(work);
    const env = { ...goEnv(), GOFLAGS: '-mod=vendor -trimpath', GOPROXY: 'off' };
    runLogged('go', ['build', '-ldflags', '-s -w', '-o', out, '.'], { cwd: path.join(work, top), env }, log);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function buildProvider(provider: ProviderEntry, log: Log): void {
  log(
    `building provider ${provider.source} v${provider.version} from ${provider.archive?.file ?? `${provider.module}@${provider.ref}`}`,
  );
  buildInto(provider.binary, (out) => {
    if (provider.build === 'vendored') {
      buildVendored(provider, out, log);
    } else if (provider.build === 'install') {
      goInstall(`${provider.module}@${provider.ref}`, out, log);
    } else {
      const dir = downloadModule(provider.module, provider.ref, log);
      runLogged('go', ['build', '-ldflags', '-s -w', '-o', out, '.'], { cwd: dir, env: goEnv() }, log);
    }
  });
}

function writeCliConfig(layout: ToolchainLayout): void {
  // Only the filesystem mirror: `tofu init` never reaches for a registry, and fails clearly if a provider is missing.
  const hcl = [
    '# Written by scripts/toolchain.ts: tofu installs providers only from the project-built mirror.',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path = ${JSON.stringify(layout.mirrorDir)}`,
    '  }',
    '}',
    '',
  ].join('\n');
  const current = fs.existsSync(layout.cliConfigFile) ? fs.readFileSync(layout.cliConfigFile, 'utf8') : '';
  if (current !== hcl) writeAtomically(layout.cliConfigFile, hcl);
}

/** Providers that can be built here; an entry with `blocked` says why it cannot, and is left out. */
function buildableProviders(layout: ToolchainLayout): Record<string, ProviderEntry> {
  return Object.fromEntries(Object.entries(layout.providers).filter(([, provider]) => !provider.blocked));
}

/**
 * The providers a synthesised stack (cdk.tf.json) requires that cannot be built here (`blocked`): such a
 * stack cannot be initialised, validated or planned with this toolchain.
 */
export function blockedProvidersOf(stackJson: unknown, layout: ToolchainLayout = toolchainLayout()): ProviderEntry[] {
  const required = (stackJson as { terraform?: { required_providers?: Record<string, { source: string }> } }).terraform
    ?.required_providers;
  const sources = Object.values(required ?? {}).map((p) => p.source);
  return Object.values(layout.providers).filter((provider) => provider.blocked && sources.includes(provider.source));
}

/**
 * Whether the stack requires integrations/github: its plan authenticates to GitHub and reads what it imports,
 * so offline plans leave it out (test/plan/source-repos-plan.test.ts plans it against the GitHub fake).
 */
export function readsGitHub(stackJson: unknown): boolean {
  const required = (stackJson as { terraform?: { required_providers?: Record<string, { source: string }> } }).terraform
    ?.required_providers;
  return Object.values(required ?? {}).some((provider) => provider.source === 'integrations/github');
}

/** What is missing or out of date, without building anything. */
export function missingComponents(layout: ToolchainLayout = toolchainLayout()): string[] {
  const missing: string[] = [];
  if (!isCurrent('opentofu', versionEntry(layout.tofu), layout.tofu.binary)) missing.push('opentofu');
  for (const [name, provider] of Object.entries(buildableProviders(layout))) {
    if (!isCurrent(`provider-${name}`, versionEntry(provider), provider.binary)) missing.push(`provider-${name}`);
  }
  if (!isCurrent('actionlint', versionEntry(layout.actionlint), layout.actionlint.binary)) missing.push('actionlint');
  return missing;
}

/** The versions.json part of a layout entry: what its stamp records. */
function versionEntry<T extends { binary: string }>(entry: T): Omit<T, 'binary' | 'dir' | 'namespace' | 'type'> {
  const {
    binary: _binary,
    dir: _dir,
    namespace: _namespace,
    type: _type,
    ...rest
  } = entry as T & Record<string, unknown>;
  return rest;
}

/** Builds whatever is missing (OpenTofu, the providers, actionlint); idempotent, and quick when everything is cached. */
export function ensureToolchain(log: Log = (line) => console.error(`[toolchain] ${line}`)): ToolchainLayout {
  const layout = toolchainLayout();
  const missing = missingComponents(layout);
  if (missing.length > 0) {
    const go = spawnSync('go', ['version'], { encoding: 'utf8' });
    if (go.error || go.status !== 0) {
      throw new Error(
        'toolchain: Go is needed to build OpenTofu, the providers and actionlint, and `go version` failed',
      );
    }
    log(`cache ${layout.root}; to build: ${missing.join(', ')} (${go.stdout.trim()})`);
    for (const provider of Object.values(layout.providers).filter((p) => p.blocked)) {
      log(`not building ${provider.source} ${provider.version}: ${provider.blocked}`);
    }
  }
  if (missing.includes('opentofu')) {
    buildTofu(layout, log);
    writeStamp('opentofu', versionEntry(layout.tofu));
  }
  for (const [name, provider] of Object.entries(buildableProviders(layout))) {
    if (missing.includes(`provider-${name}`)) {
      buildProvider(provider, log);
      writeStamp(`provider-${name}`, versionEntry(provider));
    }
  }
  if (missing.includes('actionlint')) {
    buildActionlint(layout, log);
    writeStamp('actionlint', versionEntry(layout.actionlint));
  }
  writeCliConfig(layout);
  return layout;
}

/** `tofu version -json`, run with the project's environment. */
export function tofuVersion(layout: ToolchainLayout = toolchainLayout()): {
  terraform_version: string;
  provider_selections: Record<string, string>;
} {
  const result = spawnSync(layout.tofu.binary, ['version', '-json'], { env: toolchainEnv(layout), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`toolchain: ${layout.tofu.binary} version failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ReturnType<typeof tofuVersion>;
}
