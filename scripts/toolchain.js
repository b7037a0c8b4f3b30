'use strict';
// The project's toolchain for tests, CI and benchmarks: OpenTofu and the Terraform providers, built from
// their Go module sources at the versions pinned in versions.json, cached outside the work tree so that
// a fresh clone in another folder (CI) reuses them. Plain JavaScript so that it runs before `tsc`.
//
// Layout under the cache (default $HOME/.cache/release-train, override with RELEASE_TRAIN_CACHE):
//   opentofu/<version>/tofu                                     the tofu binary
//   mirror/registry.opentofu.org/<ns>/<type>/<version>/<os_arch>/ a filesystem mirror for `tofu init`
//   stamps/<component>.json                                     the versions.json entry each build came from
//   tofurc                                                      CLI config pointing tofu at the mirror only

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const projectRoot = path.resolve(__dirname, '..');
const versionsFile = path.join(projectRoot, 'versions.json');

function readVersions() {
  return JSON.parse(fs.readFileSync(versionsFile, 'utf8'));
}

function cacheRoot() {
  return process.env.RELEASE_TRAIN_CACHE || path.join(os.homedir(), '.cache', 'release-train');
}

function goPlatform() {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch];
  if (!arch) throw new Error(`toolchain: unsupported CPU architecture ${process.arch}`);
  return `${process.platform}_${arch}`;
}

/** Where every tool lives, derived from versions.json alone (no I/O beyond reading it). */
function toolchainLayout(versions = readVersions()) {
  const root = cacheRoot();
  const platform = goPlatform();
  const providers = {};
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
    stampsDir: path.join(root, 'stamps'),
    cliConfigFile: path.join(root, 'tofurc'),
  };
}

/**
 * The environment every tofu/cdktf invocation in tests gets: the project-built tofu by absolute path,
 * the offline mirror, and no OpenStack credentials from the caller's shell.
 */
function toolchainEnv(layout = toolchainLayout(), base = process.env) {
  const env = {};
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

function stampOf(entry) {
  return JSON.stringify(entry);
}

function isCurrent(layout, component, entry, binary) {
  const stampFile = path.join(layout.stampsDir, `${component}.json`);
  try {
    return fs.existsSync(binary) && fs.readFileSync(stampFile, 'utf8') === stampOf(entry);
  } catch {
    return false;
  }
}

function writeStamp(layout, component, entry) {
  fs.mkdirSync(layout.stampsDir, { recursive: true });
  writeAtomically(path.join(layout.stampsDir, `${component}.json`), stampOf(entry));
}

function writeAtomically(file, content) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

function run(command, args, options, log) {
  log(`$ ${command} ${args.join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
  if (result.error) throw new Error(`toolchain: cannot run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`toolchain: ${command} ${args.join(' ')} exited with ${result.status}`);
  return result.stdout;
}

function goEnv() {
  return {
    ...process.env,
    CGO_ENABLED: '0',
    GOFLAGS: '-modcacherw -trimpath',
    GOBIN: undefined,
  };
}

/** `go mod download` a module at a ref and return the directory of its source in the module cache. */
function downloadModule(module, ref, log) {
  const out = run('go', ['mod', 'download', '-json', `${module}@${ref}`], { env: goEnv(), cwd: os.tmpdir() }, log);
  const info = JSON.parse(out);
  if (info.Error) throw new Error(`toolchain: go mod download ${module}@${ref}: ${info.Error}`);
  return info.Dir;
}

/** Build into a temporary file beside the target, then rename: a killed build leaves no half binary. */
function buildInto(binary, build) {
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  const tmp = `${binary}.tmp-${process.pid}`;
  try {
    build(tmp);
    fs.renameSync(tmp, binary);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function buildTofu(layout, log) {
  const { module, version, package: pkg } = layout.tofu;
  log(`building OpenTofu v${version} from ${module} (about 4 minutes on 2 cores the first time)`);
  // `go install module/cmd/tofu@v` is refused: OpenTofu's go.mod has replace directives. Build inside its source.
  const dir = downloadModule(module, `v${version}`, log);
  buildInto(layout.tofu.binary, (out) => {
    run(
      'go',
      ['build', '-ldflags', `-s -w -X ${module}/version.dev=no`, '-o', out, pkg],
      { cwd: dir, env: goEnv() },
      log,
    );
  });
}

function buildProvider(provider, layout, log) {
  log(`building provider ${provider.source} v${provider.version} from ${provider.module}@${provider.ref}`);
  buildInto(provider.binary, (out) => {
    if (provider.build === 'install') {
      const gobin = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-gobin-'));
      try {
        run(
          'go',
          ['install', '-ldflags', '-s -w', `${provider.module}@${provider.ref}`],
          {
            cwd: os.tmpdir(),
            env: { ...goEnv(), GOBIN: gobin },
          },
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
    } else {
      const dir = downloadModule(provider.module, provider.ref, log);
      run('go', ['build', '-ldflags', '-s -w', '-o', out, '.'], { cwd: dir, env: goEnv() }, log);
    }
  });
}

function writeCliConfig(layout) {
  // Only the filesystem mirror: `tofu init` never reaches for a registry, and fails clearly if a provider is missing.
  const hcl = [
    '# Written by scripts/toolchain.js: tofu installs providers only from the project-built mirror.',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path = ${JSON.stringify(layout.mirrorDir)}`,
    '  }',
    '}',
    '',
  ].join('\n');
  fs.mkdirSync(layout.root, { recursive: true });
  const current = fs.existsSync(layout.cliConfigFile) ? fs.readFileSync(layout.cliConfigFile, 'utf8') : '';
  if (current !== hcl) writeAtomically(layout.cliConfigFile, hcl);
}

/** Providers that can be built here; an entry with `blocked` says why it cannot, and is left out. */
function buildableProviders(layout) {
  return Object.fromEntries(Object.entries(layout.providers).filter(([, provider]) => !provider.blocked));
}

function blockedProviders(layout) {
  return Object.values(layout.providers).filter((provider) => provider.blocked);
}

/** What is missing or out of date, without building anything. */
function missingComponents(layout = toolchainLayout()) {
  const missing = [];
  if (!isCurrent(layout, 'opentofu', layout.tofu, layout.tofu.binary)) missing.push('opentofu');
  for (const [name, provider] of Object.entries(buildableProviders(layout))) {
    if (!isCurrent(layout, `provider-${name}`, provider, provider.binary)) missing.push(`provider-${name}`);
  }
  return missing;
}

/** Build whatever is missing; idempotent, and quick when everything is cached. */
function ensureToolchain({ log = (line) => console.error(`[toolchain] ${line}`) } = {}) {
  const layout = toolchainLayout();
  const missing = missingComponents(layout);
  if (missing.length > 0) {
    const go = spawnSync('go', ['version'], { encoding: 'utf8' });
    if (go.error || go.status !== 0) {
      throw new Error('toolchain: Go is needed to build OpenTofu and the providers, and `go version` failed');
    }
    log(`cache ${layout.root}; to build: ${missing.join(', ')} (${go.stdout.trim()})`);
    for (const provider of blockedProviders(layout)) {
      log(`not building ${provider.source} ${provider.version}: ${provider.blocked}`);
    }
  }
  if (missing.includes('opentofu')) {
    buildTofu(layout, log);
    writeStamp(layout, 'opentofu', layout.tofu);
  }
  for (const [name, provider] of Object.entries(buildableProviders(layout))) {
    if (missing.includes(`provider-${name}`)) {
      buildProvider(provider, layout, log);
      writeStamp(layout, `provider-${name}`, provider);
    }
  }
  writeCliConfig(layout);
  return layout;
}

/** `tofu version -json`, run with the project's environment. */
function tofuVersion(layout = toolchainLayout()) {
  const result = spawnSync(layout.tofu.binary, ['version', '-json'], { env: toolchainEnv(layout), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`toolchain: ${layout.tofu.binary} version failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

module.exports = {
  projectRoot,
  readVersions,
  toolchainLayout,
  toolchainEnv,
  missingComponents,
  buildableProviders,
  ensureToolchain,
  tofuVersion,
};
