import { parseConfig } from '../../../config';
import { configErrorsOf } from '../../support/config';

const errorsOf = (text: string): string[] => configErrorsOf(text, 'content.yaml').split('\n');

const contentOf = (text: string) => parseConfig(text, 'content.yaml').content;

describe('image series', () => {
  test('name, basePath and shortName are read; files default to any', () => {
    const content = contentOf(`
content:
  images:
    - name: kayobe-images-2024.1-rocky-9
      basePath: kayobe-images/2024.1/rocky/9
      shortName: rocky_9_overcloud_host_image
    - name: ipa-images-2024.1-rocky-9
      basePath: ipa-images/2024.1/rocky/9
      shortName: rocky_9_ipa_image
      files: [ipa.kernel, ipa.initramfs]
`);
    expect(content.images).toEqual([
      {
        name: 'kayobe-images-2024.1-rocky-9',
        basePath: 'kayobe-images/2024.1/rocky/9',
        shortName: 'rocky_9_overcloud_host_image',
        files: [],
      },
      {
        name: 'ipa-images-2024.1-rocky-9',
        basePath: 'ipa-images/2024.1/rocky/9',
        shortName: 'rocky_9_ipa_image',
        files: ['ipa.kernel', 'ipa.initramfs'],
      },
    ]);
  });

  test('a short name that would read as a package pin, a file name with a path, an empty files list', () => {
    expect(
      errorsOf(`
content:
  images:
    - name: images
      basePath: images
      shortName: pulp_repo_images
      files: [images/ipa.kernel, PULP_MANIFEST]
    - name: more-images
      basePath: more-images
      shortName: more
      files: []
`),
    ).toEqual([
      'content.yaml:6:18 content.images[0].shortName: invalid value (expected lowercase letters, digits and "_", not starting with "pulp_repo_", got "pulp_repo_images")',
      'content.yaml:7:15 content.images[0].files[0]: invalid value (expected a file name without "/" (and not PULP_MANIFEST), got "images/ipa.kernel")',
      'content.yaml:7:34 content.images[0].files[1]: invalid value (expected a file name without "/" (and not PULP_MANIFEST), got "PULP_MANIFEST")',
      'content.yaml:11:14 content.images[1].files: too few items (expected at least 1, got 0)',
    ]);
  });

  test('names are unique with every other repository, short names among images, base paths never nest', () => {
    expect(
      errorsOf(`
content:
  file:
    - name: kayobe-images
      basePath: kayobe-images
  images:
    - name: kayobe-images
      basePath: kayobe-images/2024.1/rocky/9
      shortName: rocky_9
    - name: other-images
      basePath: other-images
      shortName: rocky_9
`),
    ).toEqual([
      'content.yaml:7:13 content.images[0].name: duplicate (expected a unique repository name (across rpm, deb, container and file), got "kayobe-images", also at content.file[0].name)',
      'content.yaml:12:18 content.images[1].shortName: duplicate (expected a unique image short name, got "rocky_9", also at content.images[0].shortName)',
      'content.yaml:8:17 content.images[0].basePath: overlaps another base path (expected a base path neither equal to nor nested in another, got "kayobe-images/2024.1/rocky/9"; content.file[0].basePath is "kayobe-images")',
    ]);
  });

  test('a missing short name is an error at its entry; an unknown key suggests the right one', () => {
    expect(
      errorsOf(`
content:
  images:
    - name: images
      basePath: images
      file: [ipa.kernel]
`),
    ).toEqual([
      'content.yaml:6:7 content.images[0].file: unknown key; did you mean "files"? (expected one of: name, basePath, shortName, files)',
      'content.yaml:4:7 content.images[0].shortName: missing (expected lowercase letters, digits and "_", not starting with "pulp_repo_")',
    ]);
  });
});
