// The migration aid on an inventory tree made here, in the original's shapes (never a copy of its files):
// what it carries over loads as the same content, and what it cannot is listed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../cli/main';
import { EXIT } from '../../../cli/exit-codes';
import { loadConfig } from '../../../config';
import { GROUP_VARS } from '../../../config/import-release-train';

const RPM = `---
# Made-up repositories in the original's shape.
rpm_package_repos:
  - name: Example Linux 9 - BaseOS
    url: https://mirror.example.org/el/9/BaseOS/x86_64/os/
    base_path: el/9/BaseOS/x86_64/os/
    short_name: el_9_baseos
    sync_group: el_9_baseos
    distribution_name: el-9-baseos-
  - name: Example EPEL 9
    url: https://mirror.example.org/epel/9/
    sync_policy: mirror_content_only
    base_path: epel/9/Everything/x86_64/
    short_name: epel_9
    sync_group: epel
    distribution_name: epel-9-
  - name: Example DB 10.5 - EL 8
    url: https://db.example.org/10.5/el8
    base_path: db-10.5/el/8/x86_64/
    short_name: el_8_db_10_5
    sync_group: third_party
    distribution_name: db-10.5-el8
  - name: Example archive
    url: https://archive.example.org/oss-7.x/yum
    policy: on_demand
    sync: false
    base_path: archive/oss-7.x/
    short_name: archive_7_x
    sync_group: third_party
    distribution_name: archive-7.x-
    gpgcheck: true
`;
const DEB = `---
deb_package_repos:
  - name: Example Ubuntu Noble
    url: http://archive.example.org/ubuntu
    policy: immediate
    architectures: amd64
    components: main restricted universe
    distributions: noble noble-updates noble-security
    mirror: true
    mode: verbatim
    base_path: ubuntu/noble/
    short_name: ubuntu_noble
    sync_group: ubuntu_noble
    distribution_name: ubuntu-noble-
  - name: Example PPA - Noble
    url: https://ppa.example.org/erlang/ubuntu
    distributions: noble
    sync_policy: mirror_content_only
    base_path: erlang/ubuntu/noble/
    short_name: ubuntu_noble_erlang
    sync_group: third_party
    distribution_name: ubuntu-noble-erlang-
  - name: Example LTS - Noble
    url: https://lts.example.org/6/ubuntu/noble
    base_path: lts/6/ubuntu/noble/
    short_name: ubuntu_noble_lts
    sync_group: third_party
    distribution_name: ubuntu-noble-lts-
`;
const KOLLA = `---
kolla_container_images:
  - nova-api
  - kibana
  - haproxy-ssh
kolla_unbuildable_images:
  old_scheme:
    rocky: [kibana, haproxy-ssh]
    ubuntu: [haproxy-ssh]
  new_scheme:
    - kibana
    - logstash
default_kolla_base_distros:
  - rocky
  - ubuntu
kolla_base_distros: "{{ default_kolla_base_distros if kolla_base_distros_override == '' else [] }}"
sync_old_images: true
sync_new_images: true
`;
const GUARDS = `---
dev_pulp_password: !vault |
  $ANSIBLE_VAULT;1.1;AES256
  3030
dev_pulp_repository_rpm_repos: >-
  {%- for repo in rpm_package_repos -%}{{ repo }}{%- endfor -%}
dev_pulp_content_guards_rbac:
  - name: release
    description: "Released content"
    roles:
      - role: core.rbaccontentguard_downloader
        groups: [clients, developers]
    state: present
  - name: development
    roles:
      - role: core.rbaccontentguard_downloader
        groups: [developers]
`;

describe('import-release-train', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-import-'));
  const vars = path.join(dir, 'checkout', GROUP_VARS);
  fs.mkdirSync(vars, { recursive: true });
  fs.writeFileSync(path.join(vars, 'rpm-package-repos'), RPM);
  fs.writeFileSync(path.join(vars, 'deb-package-repos'), DEB);
  fs.writeFileSync(path.join(vars, 'kolla'), KOLLA);
  fs.writeFileSync(path.join(vars, 'dev-pulp-repos'), GUARDS);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const output = path.join(dir, 'imported.yaml');
  const lines: string[] = [];
  let code: number;
  beforeAll(async () => {
    code = await main(['import-release-train', path.join(dir, 'checkout'), '--output', output], (l) => lines.push(l));
  });

  test('writes a config that loads, with every repository it could carry', () => {
    expect(code).toBe(EXIT.ok);
    expect(lines[0]).toBe(`wrote ${output}`);
    const { content } = loadConfig(output);
    expect(content.rpm.map((r) => [r.name, r.syncPolicy, r.sync, r.policy])).toEqual([
      ['Example Linux 9 - BaseOS', 'mirror_complete', true, 'immediate'],
      ['Example EPEL 9', 'mirror_content_only', true, 'immediate'],
      ['Example DB 10.5 - EL 8', 'mirror_complete', true, 'immediate'],
      ['Example archive', 'mirror_complete', false, 'on_demand'],
    ]);
    expect(content.deb.map((d) => [d.name, d.distributions, d.components, d.architectures, d.mode])).toEqual([
      [
        'Example Ubuntu Noble',
        ['noble', 'noble-updates', 'noble-security'],
        ['main', 'restricted', 'universe'],
        ['amd64'],
        'verbatim',
      ],
      // Absent components and architectures stay absent (every one upstream has); the original's mode is
      // squeezer's default, simple, written out.
      ['Example PPA - Noble', ['noble'], undefined, undefined, 'simple'],
    ]);
  });

  test('the Kolla lists become the matrix, expanding to the original loops names', () => {
    const { content } = loadConfig(output);
    expect(content.container.map((c) => c.name)).toEqual([
      'stackhpc-dev/rocky-source-nova-api',
      'stackhpc-dev/ubuntu-source-nova-api',
      'stackhpc-dev/ubuntu-source-kibana',
      'stackhpc-dev/nova-api',
      'stackhpc-dev/haproxy-ssh',
      'stackhpc/rocky-source-nova-api',
      'stackhpc/ubuntu-source-nova-api',
      'stackhpc/ubuntu-source-kibana',
      'stackhpc/nova-api',
      'stackhpc/haproxy-ssh',
    ]);
    expect(content.container.filter((c) => c.push).map((c) => c.name)).toHaveLength(5);
  });

  test('the RBAC guards and their groups are carried', () => {
    const { content } = loadConfig(output);
    expect(content.contentGuards).toEqual([
      { name: 'release', description: 'Released content', groups: ['clients', 'developers'] },
      { name: 'development', description: '', groups: ['developers'] },
    ]);
    expect(content.groups).toEqual(['clients', 'developers']);
  });

  test('lists what it could not carry or changed, one line each', () => {
    expect(lines.slice(1)).toEqual([
      'not carried: rpm-package-repos: "Example DB 10.5 - EL 8": distribution_name "db-10.5-el8" written as "db-10.5-el8-" (the version is appended to it); Ark\'s snapshots under the old prefix are not found by it',
      'not carried: rpm-package-repos: "Example archive": gpgcheck is not a key this project knows: left out',
      'not carried: deb-package-repos: "Example PPA - Noble": sync_policy "mirror_content_only" left out: the original\'s deb templates ignore it too',
      'not carried: deb-package-repos: "Example LTS - Noble": no distributions, which pulp_deb\'s remote requires (the original\'s remote cannot be made either): left out',
    ]);
  });

  test('never overwrites a file, and needs a checkout', async () => {
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    try {
      expect(await main(['import-release-train', path.join(dir, 'checkout'), '--output', output], () => {})).toBe(
        EXIT.usage,
      );
      expect(await main(['import-release-train', dir], () => {})).toBe(EXIT.usage);
      expect(errors.join('\n')).toMatch(/exists: the import writes a new file only/);
      expect(errors.join('\n')).toContain(`no ${GROUP_VARS} in it`);
    } finally {
      jest.restoreAllMocks();
    }
  });
});
