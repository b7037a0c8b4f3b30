// `release-train image`: its help, and every mistake on the command line refused before Pulp is contacted
// (the Pulp URL below has nothing listening; the real flows are in test/integration/image-flow.test.ts).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../../../cli/exit-codes';
import { main } from '../../../cli/main';

const NOWHERE = ['--pulp-url', 'http://127.0.0.1:9'];
const IMAGE = 'kayobe-images-2024.1-rocky-9';

describe('release-train image', () => {
  let dir: string;
  let errors: string[];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-image-cli-'));
    errors = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, text = 'not really a disk image\n') => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };

  test('--help documents upload, promote and list, their flags and exit codes', async () => {
    const lines: string[] = [];
    await expect(main(['image', '--help'], (l) => lines.push(l))).resolves.toBe(EXIT.ok);
    const help = lines.join('\n');
    for (const usage of [
      'image upload --image NAME --tag TAG FILE...',
      'image promote --image NAME --tag TAG',
      'image list',
    ])
      expect(help).toContain(`usage: release-train ${usage}`);
    expect(help).toMatch(/--checksum-file[\s\S]*--chunk-size[\s\S]*Exit codes: 0 done/);
    expect(help).toContain('65 the bytes are not what they should be');
    await expect(main(['image'], () => undefined)).resolves.toBe(EXIT.usage);
    for (const sub of ['upload', 'promote', 'list']) {
      const own: string[] = [];
      await expect(main(['image', sub, '--help'], (l) => own.push(l))).resolves.toBe(EXIT.ok);
      expect(own.join('\n')).toMatch(new RegExp(`^usage: release-train image ${sub}`));
    }
  });

  test.each([
    [['image', 'upload', '--tag', 'v1', 'x'], '--image NAME is needed'],
    [
      ['image', 'upload', '--image', 'nope', '--tag', 'v1', 'x'],
      '--image nope: the config has no such image series (it has kayobe-images-2024.1-rocky-9, ipa-images-2024.1-rocky-9)',
    ],
    [['image', 'upload', '--image', IMAGE, 'x'], '--tag TAG is needed'],
    [
      ['image', 'upload', '--image', IMAGE, '--tag', 'latest', 'x'],
      '--tag "latest": expected letters, digits, ".", "_" and "-" (and not "latest")',
    ],
    [['image', 'upload', '--image', IMAGE, '--tag', '2024.1/x', 'x'], '--tag "2024.1/x": expected'],
    [['image', 'upload', '--image', IMAGE, '--tag', 'v1'], 'no FILE given: name the files of the build'],
    [
      ['image', 'upload', '--image', IMAGE, '--tag', 'v1', 'other.qcow2'],
      `a build of ${IMAGE} holds exactly overcloud-rocky-9.qcow2 (got other.qcow2)`,
    ],
    [
      ['image', 'upload', '--image', IMAGE, '--tag', 'v1', '/nowhere/overcloud-rocky-9.qcow2'],
      'cannot read /nowhere/overcloud-rocky-9.qcow2: ENOENT',
    ],
    [['image', 'promote', '--image', IMAGE], '--tag TAG is needed'],
    [['image', 'frobnicate'], 'unknown image command "frobnicate" (expected upload, promote or list)'],
  ])('%j exits 64: %s', async (argv, message) => {
    await expect(main([...argv, ...NOWHERE], () => undefined)).resolves.toBe(EXIT.usage);
    expect(errors.join('\n')).toContain(`release-train: ${message}`);
  });

  test('the expected sha256: --sha256 is for one file, a checksum file must name every file', async () => {
    const kernel = file('ipa.kernel');
    const ramdisk = file('ipa.initramfs');
    const sums = file('SHA256SUMS', `${'a'.repeat(64)}  ipa.kernel\n`);
    const upload = ['image', 'upload', '--image', 'ipa-images-2024.1-rocky-9', '--tag', 'v1', kernel, ramdisk];
    await expect(main([...upload, '--sha256', 'a'.repeat(64), ...NOWHERE], () => undefined)).resolves.toBe(EXIT.usage);
    await expect(main([...upload, '--checksum-file', sums, ...NOWHERE], () => undefined)).resolves.toBe(EXIT.usage);
    expect(errors).toEqual([
      'release-train: --sha256 is for one FILE; use --checksum-file for several',
      `release-train: ${sums} has no sha256 for ipa.initramfs`,
    ]);
  });

  test('a file whose sha256 is not the expected one exits 65 before Pulp is contacted', async () => {
    jest.replaceProperty(process, 'env', { ...process.env, RELEASE_TRAIN_PULP_PASSWORD: 'unused' });
    const image = file('overcloud-rocky-9.qcow2');
    const code = await main(
      ['image', 'upload', '--image', IMAGE, '--tag', 'v1', image, '--sha256', 'b'.repeat(64), ...NOWHERE],
      () => undefined,
    );
    expect(code).toBe(EXIT.mismatch);
    expect(errors.join('\n')).toMatch(
      /overcloud-rocky-9\.qcow2: sha256 is [0-9a-f]{64}, expected b{64} \(a truncated or different file\)/,
    );
  });
});
