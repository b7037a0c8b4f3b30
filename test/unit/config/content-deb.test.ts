// Deb and rpm entries as the original release train writes them: absent lists mean what Pulp means, every
// deb publication mode, hints for keys of the other type, distribution name prefixes.
import { parseConfig } from '../../../config';
import { DEB_PUBLICATION_MODES } from '../../../config/content';
import { desiredObjects } from '../../../tasks/desired';
import { aptPublicationFlags, snapshotTargets } from '../../../tasks/snapshot';
import { configErrorsOf } from '../../support/config';

/** One deb entry of a content-only config, with `extra` lines added to it. */
function debConfig(extra: string, distributions = '      distributions: [noble]\n'): string {
  return `content:
  deb:
    - name: Fluentd - Ubuntu Noble
      url: https://fluentd.example.org/lts/6/ubuntu/noble
${distributions}${extra}      syncGroup: third_party
      basePath: fluentd/lts/6/ubuntu/noble/
      shortName: ubuntu_noble_fluentd
      distributionName: ubuntu-noble-fluentd-
`;
}

const errorsOf = (text: string): string[] => configErrorsOf(text, 'deb.yaml').split('\n');

describe('deb entries', () => {
  test('absent components and architectures mean every one upstream has: null in the remote Pulp gets', () => {
    const { content } = parseConfig(debConfig(''), 'deb.yaml');
    expect(content.deb[0].components).toBeUndefined();
    expect(content.deb[0].architectures).toBeUndefined();
    const remote = desiredObjects(content, {}).find((o) => o.kind === 'deb-remote');
    expect(remote?.fields).toEqual({
      url: 'https://fluentd.example.org/lts/6/ubuntu/noble',
      policy: 'immediate',
      distributions: 'noble',
      components: null,
      architectures: null,
    });
  });

  test('given lists are kept as written, e.g. both architectures of the Docker CE repository', () => {
    const { content } = parseConfig(
      debConfig('      components: [stable]\n      architectures: [amd64, arm64]\n'),
      'd',
    );
    const remote = desiredObjects(content, {}).find((o) => o.kind === 'deb-remote');
    expect(remote?.fields).toMatchObject({ components: 'stable', architectures: 'amd64 arm64' });
  });

  test("a synced or published entry without distributions is refused, because pulp_deb's remote requires them", () => {
    expect(errorsOf(debConfig('', ''))).toEqual([
      "deb.yaml:3:7 content.deb[0].distributions: missing (expected a list of dists such as [noble, noble-updates]: pulp_deb's remote requires them; only an entry with sync: false and publish: false may leave them out)",
    ]);
    const kept = debConfig('      sync: false\n      publish: false\n', '');
    expect(parseConfig(kept, 'deb.yaml').content.deb[0].distributions).toEqual([]);
  });

  test('an empty list is refused: absent is how to say "every one"', () => {
    expect(errorsOf(debConfig('      components: []\n'))).toEqual([
      'deb.yaml:6:19 content.deb[0].components: too few items (expected at least 1, got 0)',
    ]);
  });

  test("every publication mode pulp_deb has is accepted; absent is pulp_deb's own default, structured", () => {
    expect(DEB_PUBLICATION_MODES).toEqual(['simple', 'structured', 'simple_and_structured', 'verbatim']);
    for (const mode of DEB_PUBLICATION_MODES) {
      const { content } = parseConfig(debConfig(`      mode: ${mode}\n`), 'deb.yaml');
      expect(snapshotTargets(content)[0].mode).toBe(mode);
    }
    expect(parseConfig(debConfig(''), 'deb.yaml').content.deb[0].mode).toBe('structured');
    expect(errorsOf(debConfig('      mode: flat\n'))).toEqual([
      'deb.yaml:6:13 content.deb[0].mode: invalid value (expected one of simple, structured, simple_and_structured, verbatim, got "flat")',
    ]);
  });

  test('each APT mode sends both switches, so no server default decides', () => {
    expect(aptPublicationFlags('simple')).toEqual({ simple: true, structured: false });
    expect(aptPublicationFlags('structured')).toEqual({ simple: false, structured: true });
    expect(aptPublicationFlags('simple_and_structured')).toEqual({ simple: true, structured: true });
  });

  test("syncPolicy on a deb entry names deb's own key, and following the hint loads", () => {
    expect(errorsOf(debConfig('      syncPolicy: mirror_content_only\n'))).toEqual([
      'deb.yaml:6:7 content.deb[0].syncPolicy: unknown key; syncPolicy is the rpm key; a deb repository says mirror: true (remove what upstream removed, like mirror_complete and mirror_content_only) or mirror: false (additive) (expected one of: name, url, policy, sync, syncGroup, remoteUsername, remotePasswordEnv, publish, basePath, shortName, distributionName, distributions, components, architectures, mirror, mode)',
    ]);
    expect(parseConfig(debConfig('      mirror: true\n'), 'deb.yaml').content.deb[0].mirror).toBe(true);
  });

  test("deb keys on an rpm entry name rpm's way instead of guessing a near key", () => {
    const rpm = `content:
  rpm:
    - name: Grafana
      url: https://rpm.grafana.example.org
      mirror: false
      architectures: [x86_64]
      syncGroup: grafana
      basePath: grafana/oss/rpm/
      shortName: grafana
      distributionName: grafana-
`;
    const errors = errorsOf(rpm);
    expect(errors[0]).toMatch(
      /^deb\.yaml:5:7 content\.rpm\[0\]\.mirror: unknown key; mirror is the deb key; an rpm repository says syncPolicy: mirror_complete, mirror_content_only or additive \(/,
    );
    expect(errors[1]).toMatch(
      /^deb\.yaml:6:7 content\.rpm\[0\]\.architectures: unknown key; architectures is a deb key/,
    );
    expect(errors).toHaveLength(2);
  });
});

describe('distribution names', () => {
  test('a prefix without the trailing "-" is refused at its position, not glued to the version', () => {
    const text = debConfig('').replace('ubuntu-noble-fluentd-', 'mariadb-10.5-centos8');
    expect(errorsOf(text)).toEqual([
      'deb.yaml:9:25 content.deb[0].distributionName: invalid value (expected a name prefix ending in "-" (the snapshot version is appended to it), got "mariadb-10.5-centos8")',
    ]);
  });

  test('underscores inside are kept as data (rhel_9_treasuredata-4-)', () => {
    const text = debConfig('').replace('ubuntu-noble-fluentd-', 'rhel_9_treasuredata-4-');
    expect(parseConfig(text, 'deb.yaml').content.deb[0].publication?.distributionName).toBe('rhel_9_treasuredata-4-');
  });
});
