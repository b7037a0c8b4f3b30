// Container images as a matrix (images x base distros x naming schemes, less the unbuildable ones): expanded
// by the loader into the same typed entries as hand-written ones, problems reported at the matrix's lines.
import { parseConfig } from '../../../config';
import { configErrorsOf } from '../../support/config';
import {
  BASE_DISTROS,
  kollaImages,
  realSizeContentYaml,
  UNBUILDABLE_NEW,
  UNBUILDABLE_OLD,
} from '../../../testbed/fixtures/real-size-config';

const errorsOf = (text: string): string[] => configErrorsOf(text, 'matrix.yaml').split('\n');

/** The original's two loops (dev-pulp-containers), written out: the list the matrix must expand to. */
function handWritten(namespace: string): string[] {
  const names: string[] = [];
  for (const distro of BASE_DISTROS) {
    for (const image of kollaImages()) {
      if (!UNBUILDABLE_OLD[distro].includes(image)) names.push(`${namespace}/${distro}-source-${image}`);
    }
  }
  for (const image of kollaImages()) {
    if (!UNBUILDABLE_NEW.includes(image)) names.push(`${namespace}/${image}`);
  }
  return names;
}

const SMALL = `content:
  container:
    - name: stackhpc/keystone
  containerMatrix:
    - images: [nova-api, kibana]
      baseDistros: [rocky, ubuntu]
      unbuildable:
        old: { rocky: [kibana] }
        new: [kibana]
      namespaces:
        - name: stackhpc-dev
          push: true
        - name: stackhpc
`;

describe('container matrix', () => {
  test('the real-sized matrix expands to 563 names per namespace, equal to the hand-written list', () => {
    const { content } = parseConfig(`content:\n${realSizeContentYaml({ prefix: 'rt' })}`, 'real.yaml');
    const dev = content.container.filter((c) => c.name.startsWith('rt-dev/'));
    const release = content.container.filter((c) => c.name.startsWith('rt/'));
    expect(handWritten('rt-dev')).toHaveLength(563);
    expect(dev.map((c) => c.name)).toEqual(handWritten('rt-dev'));
    expect(release.map((c) => c.name)).toEqual(handWritten('rt'));
    expect(content.container).toHaveLength(1126);
    // Each namespace's settings, on every one of its entries.
    expect(new Set(dev.map((c) => JSON.stringify([c.push, c.private, c.url])))).toEqual(
      new Set([JSON.stringify([true, true, undefined])]),
    );
    expect(new Set(release.map((c) => c.push))).toEqual(new Set([false]));
  });

  test('entries are the typed entries a hand-written list gives, after the hand-written ones', () => {
    const { content } = parseConfig(SMALL, 'matrix.yaml');
    expect(content.container.map((c) => c.name)).toEqual([
      'stackhpc/keystone',
      'stackhpc-dev/rocky-source-nova-api',
      'stackhpc-dev/ubuntu-source-nova-api',
      'stackhpc-dev/ubuntu-source-kibana',
      'stackhpc-dev/nova-api',
      'stackhpc/rocky-source-nova-api',
      'stackhpc/ubuntu-source-nova-api',
      'stackhpc/ubuntu-source-kibana',
      'stackhpc/nova-api',
    ]);
    const written = parseConfig(
      `content:\n  container:\n    - name: stackhpc-dev/nova-api\n      push: true\n`,
      'written.yaml',
    ).content.container[0];
    expect(content.container[4]).toEqual(written);
  });

  test('switches per scheme: the new scheme alone, as for a Zed-and-later train', () => {
    const { content } = parseConfig(
      SMALL.replace('      unbuildable:', '      schemes: { old: false }\n      unbuildable:'),
      'm',
    );
    expect(content.container.map((c) => c.name)).toEqual([
      'stackhpc/keystone',
      'stackhpc-dev/nova-api',
      'stackhpc/nova-api',
    ]);
  });

  test('a new-scheme exclusion per distro removes the name only when no base distro builds the image', () => {
    const text = SMALL.replace('        new: [kibana]', '        new: { rocky: [kibana, nova-api], ubuntu: [kibana] }');
    const names = parseConfig(text, 'm').content.container.map((c) => c.name);
    expect(names).toContain('stackhpc/nova-api');
    expect(names).not.toContain('stackhpc/kibana');
  });

  test('an expanded name that collides is reported at the image line of the matrix that made it', () => {
    const text = SMALL.replace('    - name: stackhpc/keystone', '    - name: stackhpc/nova-api');
    expect(errorsOf(text)).toEqual([
      'matrix.yaml:5:16 content.containerMatrix[0].images[0]: duplicate (expected a unique repository name (across rpm, deb, container and file), got "stackhpc/nova-api", also at content.container[0].name)',
      'matrix.yaml:5:16 content.containerMatrix[0].images[0]: equals another base path (expected a base path neither equal to nor nested in another, got "stackhpc/nova-api"; content.container[0].name is "stackhpc/nova-api")',
    ]);
  });

  test('bad values are reported at their own lines of the matrix', () => {
    const text = SMALL.replace('[nova-api, kibana]', '[nova-api, Kibana]')
      .replace('old: { rocky: [kibana] }', 'old: { rocky: [kibana], debian: [kibana] }')
      .replace('        - name: stackhpc\n', '        - name: stackhpc\n          schemes: old\n');
    expect(errorsOf(text)).toEqual([
      'matrix.yaml:5:26 content.containerMatrix[0].images[1]: invalid value (expected a Kolla image name such as nova-api, got "Kibana")',
      'matrix.yaml:8:33 content.containerMatrix[0].unbuildable.old.debian: unknown key (expected one of: rocky, ubuntu)',
      'matrix.yaml:14:11 content.containerMatrix[0].namespaces[1].schemes: unknown key (expected one of: name, url, policy, includeTags, private, remoteUsername, remotePasswordEnv, push)',
    ]);
  });
});
