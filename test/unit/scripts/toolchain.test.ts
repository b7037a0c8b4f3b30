import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot, readVersions, toolchainEnv, toolchainLayout } from '../../../scripts/toolchain';

describe('toolchain layout', () => {
  const versions = readVersions();

  test('lives under RELEASE_TRAIN_CACHE, else $HOME/.cache/release-train, never inside the work tree', () => {
    const saved = process.env.RELEASE_TRAIN_CACHE;
    try {
      delete process.env.RELEASE_TRAIN_CACHE;
      expect(toolchainLayout().root).toBe(path.join(os.homedir(), '.cache', 'release-train'));
      process.env.RELEASE_TRAIN_CACHE = '/srv/cache';
      expect(toolchainLayout().tofu.binary).toBe(`/srv/cache/opentofu/${versions.opentofu.version}/tofu`);
    } finally {
      if (saved === undefined) delete process.env.RELEASE_TRAIN_CACHE;
      else process.env.RELEASE_TRAIN_CACHE = saved;
    }
    expect(toolchainLayout().root.startsWith(projectRoot + path.sep)).toBe(false);
  });

  test('puts each provider where an offline `tofu init` finds it: an unpacked filesystem mirror', () => {
    const layout = toolchainLayout();
    const openstack = layout.providers.openstack;
    expect(path.relative(layout.mirrorDir, openstack.binary)).toBe(
      `registry.opentofu.org/terraform-provider-openstack/openstack/${versions.providers.openstack.version}/${layout.platform}/terraform-provider-openstack_v${versions.providers.openstack.version}`,
    );
  });

  test('puts actionlint in the cache under its pinned version, built from its Go module', () => {
    const layout = toolchainLayout();
    expect(path.relative(layout.root, layout.actionlint.binary)).toBe(
      `actionlint/${versions.actionlint.version}/actionlint`,
    );
    expect(versions.actionlint).toMatchObject({ module: 'github.com/rhysd/actionlint', package: './cmd/actionlint' });
  });
});

describe('toolchainEnv', () => {
  test('runs the project-built tofu by absolute path with the mirror-only CLI config', () => {
    const layout = toolchainLayout();
    const env = toolchainEnv(layout, { PATH: '/usr/bin' });
    expect(env.TERRAFORM_BINARY_NAME).toBe(layout.tofu.binary);
    expect(path.isAbsolute(env.TERRAFORM_BINARY_NAME!)).toBe(true);
    expect(env.TF_CLI_CONFIG_FILE).toBe(layout.cliConfigFile);
  });

  test("drops the caller's OS_* and TF_* settings so that no real cloud is reached from a test", () => {
    const env = toolchainEnv(toolchainLayout(), {
      PATH: '/usr/bin',
      OS_CLOUD: 'production',
      OS_PASSWORD: 'secret',
      TF_VAR_token: 'secret',
    });
    expect(env.OS_CLOUD).toBeUndefined();
    expect(env.OS_PASSWORD).toBeUndefined();
    expect(env.TF_VAR_token).toBeUndefined();
    expect(env.OS_AUTH_URL).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(env.PATH).toBe('/usr/bin');
  });
});
