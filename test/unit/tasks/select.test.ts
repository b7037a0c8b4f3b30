// Selection like the real workflows: whitespace-separated regular expressions on short names (image names for
// containers), searched anywhere as the original's select_repos does, and a sync group.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../../../cli/exit-codes';
import { main } from '../../../cli/main';
import { parseConfig } from '../../../config';
import { selectEntries, shortNamePatterns } from '../../../tasks/select';
import { snapshotTargets } from '../../../tasks/snapshot';
import { syncTargets } from '../../../tasks/sync';
import { realSizeContentYaml } from '../../../testbed/fixtures/real-size-config';

const text = `content:\n${realSizeContentYaml({ prefix: 'rt' })}`;
const { content } = parseConfig(text, 'real.yaml');

describe('selectEntries', () => {
  test('any of the whitespace-separated expressions, matched anywhere in the short name', () => {
    const selected = selectEntries(content, { shortNames: shortNamePatterns('  rpm_epel_[0-2]$\tdeb_docker ') });
    expect(snapshotTargets(selected).map((t) => t.publication.shortName)).toEqual([
      'rt_rpm_epel_0',
      'rt_rpm_epel_1',
      'rt_rpm_epel_2',
      'rt_deb_docker_0',
      'rt_deb_docker_1',
    ]);
    expect(selected.container).toEqual([]);
  });

  test('a sync group alone: the nightly job of that group, no images', () => {
    const selected = selectEntries(content, { syncGroup: 'third_party' });
    expect(syncTargets(selected)).toHaveLength(56 + 12);
    expect(new Set(syncTargets(selected).map((t) => t.syncGroup))).toEqual(new Set(['third_party']));
    expect(selected.container).toEqual([]);
  });

  test('both: short names within the group', () => {
    const selected = selectEntries(content, { shortNames: shortNamePatterns('_1$'), syncGroup: 'docker' });
    expect(snapshotTargets(selected).map((t) => t.publication.shortName)).toEqual([
      'rt_rpm_docker_1',
      'rt_deb_docker_1',
    ]);
  });

  test('container repositories match by image, in every namespace, distro and scheme', () => {
    const selected = selectEntries(content, { shortNames: shortNamePatterns('^kibana$') });
    expect(selected.container.map((c) => c.name)).toEqual([
      'rt-dev/centos-source-kibana',
      'rt-dev/ubuntu-source-kibana',
      'rt/centos-source-kibana',
      'rt/ubuntu-source-kibana',
    ]);
    expect(selected.rpm).toEqual([]);
  });

  test('no selection keeps everything', () => {
    expect(selectEntries(content, {})).toEqual(content);
  });
});

describe('--short-name and --sync-group on the command line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-select-'));
  const file = path.join(dir, 'real.yaml');
  fs.writeFileSync(file, text);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const errors: string[] = [];
  beforeEach(() => {
    errors.length = 0;
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    process.env.RELEASE_TRAIN_PULP_PASSWORD = 'unused: nothing here contacts Pulp';
  });
  afterEach(() => {
    jest.restoreAllMocks();
    delete process.env.RELEASE_TRAIN_PULP_PASSWORD;
  });
  const run = async (args: string[]) => {
    const lines: string[] = [];
    const code = await main([...args, '--config', file, '--pulp-url', 'http://127.0.0.1:9'], (l) => lines.push(l));
    return { code, lines };
  };

  test('sync --sync-group --short-name --dry-run names exactly the selected repositories', async () => {
    const { code, lines } = await run(['sync', '--sync-group', 'epel', '--short-name', '_[78]$', '--dry-run']);
    expect(code).toBe(EXIT.ok);
    expect(lines).toEqual([
      'would sync rpm repository "rt rpm epel 7" ({"sync_policy":"mirror_complete"})',
      'would sync rpm repository "rt rpm epel 8" ({"sync_policy":"mirror_complete"})',
    ]);
  });

  test('a bad expression is a usage error naming it, before contacting Pulp', async () => {
    const { code } = await run(['publish', '--short-name', 'rocky (', '--dry-run']);
    expect(code).toBe(EXIT.usage);
    expect(errors.join('\n')).toMatch(/--short-name: "\(" is not a regular expression/);
  });

  test('a selection that matches nothing published is a usage error', async () => {
    const { code } = await run(['distribute', '--sync-group', 'no_such_group', '--dry-run']);
    expect(code).toBe(EXIT.usage);
    expect(errors.join('\n')).toContain('no published repository of the config matches');
  });
});
