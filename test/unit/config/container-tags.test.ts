import { ConfigError } from '../../../config';
import { parseContainerTags } from '../../../config/container-tags';

function errorsOf(text: string): string[] {
  try {
    parseContainerTags(text, 'tags.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseContainerTags', () => {
  test('a mapping of image to tags, in file order', () => {
    const tags = parseContainerTags(
      `nova-api: [2024.1-rocky-9-20240811T091848, 2024.1-rocky-9-20240901T000000]
neutron-server:
  - 2024.1-rocky-9-20240811T091848
kolla_toolbox.v2: ["20240811"]
`,
      'tags.yaml',
    );
    expect([...tags.entries()]).toEqual([
      ['nova-api', ['2024.1-rocky-9-20240811T091848', '2024.1-rocky-9-20240901T000000']],
      ['neutron-server', ['2024.1-rocky-9-20240811T091848']],
      ['kolla_toolbox.v2', ['20240811']],
    ]);
  });

  test('a tag of 128 characters is accepted, 129 is not', () => {
    const long = `a${'b'.repeat(127)}`;
    expect(parseContainerTags(`nova-api: [${long}]`, 'tags.yaml').get('nova-api')).toEqual([long]);
    expect(errorsOf(`nova-api: [${long}c]`)).toEqual([
      `tags.yaml:1:12 nova-api[0]: invalid value (expected a container tag, got "${long}c")`,
    ]);
  });

  test.each([
    ['a list', '- nova-api\n'],
    ['an empty file', ''],
    ['a string', 'nova-api\n'],
  ])('%s is not a mapping', (_what, text) => {
    let error: unknown;
    try {
      parseContainerTags(text, 'tags.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'tags.yaml:1:1: wrong type (expected a mapping of image name to a list of tags)',
    );
  });

  test('an invalid image name is reported at its key path', () => {
    expect(errorsOf('nova-api: [t1]\nNova_API: [t1]\nkolla/nova-api/: [t1]\n')).toEqual([
      'tags.yaml:2:11 Nova_API: invalid image name (expected an image name such as nova-api)',
      'tags.yaml:3:18 kolla/nova-api/: invalid image name (expected an image name such as nova-api)',
    ]);
  });

  test('an image below a sub-namespace is a valid name (release repository stackhpc/kolla/nova-api)', () => {
    expect(parseContainerTags('kolla/nova-api: [t1]\n', 'tags.yaml')).toEqual(new Map([['kolla/nova-api', ['t1']]]));
  });

  test('a key YAML reads as a number is not an image name, and says so', () => {
    expect(errorsOf('123: [t1]\n')).toEqual([
      'tags.yaml:1:1 123: invalid image name (expected an image name such as nova-api, got "123")',
    ]);
  });

  test('a tag with a bad character, at its index', () => {
    expect(errorsOf('nova-api: [good, "bad tag", "-leading"]\n')).toEqual([
      'tags.yaml:1:18 nova-api[1]: invalid value (expected a container tag, got "bad tag")',
      'tags.yaml:1:29 nova-api[2]: invalid value (expected a container tag, got "-leading")',
    ]);
  });

  test('an empty tag list', () => {
    expect(errorsOf('nova-api: []\n')).toEqual(['tags.yaml:1:11 nova-api: too few items (expected at least 1, got 0)']);
  });

  test('a value that is not a list', () => {
    expect(errorsOf('nova-api: 2024.1-rocky-9\nneutron-server:\n')).toEqual([
      'tags.yaml:1:11 nova-api: wrong type (expected a list, got string "2024.1-rocky-9")',
      'tags.yaml:2:16 neutron-server: wrong type (expected a list, got null)',
    ]);
  });

  test('every problem is reported at once', () => {
    expect(errorsOf('Bad: []\nok: [x y]\n')).toHaveLength(3);
  });

  test('a YAML syntax error, and a duplicate key, are reported as invalid YAML', () => {
    const [syntax] = errorsOf('nova-api: [t1\n');
    expect(syntax).toMatch(/^tags\.yaml:\d+:\d+: invalid YAML: /);
    const [duplicate] = errorsOf('nova-api: [t1]\nnova-api: [t2]\n');
    expect(duplicate).toMatch(/^tags\.yaml:2:1: invalid YAML: .*unique/);
  });
});
