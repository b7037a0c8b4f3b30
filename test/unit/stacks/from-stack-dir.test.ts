import * as path from 'node:path';
import { fromStackDir } from '../../../stacks/release-tasks';

// Tasks run in cdktf.out/stacks/<stack> under the folder cdktf runs in; the app's code may live elsewhere
// (a project that links dist/ from a checkout beside it, as deploy-mirror's integration test does).
describe('fromStackDir: a task path, relative to the stack folder cdktf runs tofu in', () => {
  const cases: [string, string][] = [
    ['/srv/site', '/srv/site/site.yaml'],
    ['/srv/site', '/srv/site/config/versions.yml'],
    ['/tmp/rt-deploy-Yq', '/tmp/rt-deploy-Yq/site.yaml'],
    ['/tmp/tmp.Co/fresh', '/tmp/rt-deploy-Yq/site.yaml'],
    ['/work/main', '/tmp/rt-deploy-Yq/site.yaml'],
  ];
  test.each(cases)('project %s: %s is found from its stack folder', (projectDir, file) => {
    const relative = fromStackDir(file, projectDir);
    expect(path.isAbsolute(relative)).toBe(false);
    expect(path.resolve(projectDir, 'cdktf.out', 'stacks', 'mirror-here', relative)).toBe(file);
  });

  test('the config beside cdktf.json is three folders up, whatever the machine', () => {
    expect(fromStackDir('/tmp/rt-deploy-Yq/site.yaml', '/tmp/rt-deploy-Yq')).toBe('../../../site.yaml');
  });
});
