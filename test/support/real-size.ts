// A content config of the real release train's size and shape (DOMAIN.md §3: 155 rpm repositories in 15 sync
// groups, 21 deb in 7, 147 Kolla images x 3 base distros x 2 naming schemes with the original's unbuildable
// lists, two guards), generated: the names are made up, the counts and the quirks are the original's.

/** Sync groups of the rpm entries with their sizes (DOMAIN.md §3.1). */
export const RPM_GROUPS: readonly (readonly [string, number])[] = [
  ['third_party', 56],
  ['rocky_9_aarch64', 18],
  ['centos', 16],
  ['rocky_10_aarch64', 15],
  ['epel', 9],
  ['rocky_9_source', 7],
  ['rocky_9', 6],
  ['rocky_10', 6],
  ['rocky_10_source', 6],
  ['rocky_8', 5],
  ['rocky_8_source', 5],
  ['docker', 3],
  ['grafana', 1],
  ['rocky_9_baseos', 1],
  ['rocky_10_baseos', 1],
];

/** Sync groups of the deb entries with their sizes (DOMAIN.md §3.3). */
export const DEB_GROUPS: readonly (readonly [string, number])[] = [
  ['third_party', 12],
  ['docker', 2],
  ['ubuntu_jammy', 2],
  ['ubuntu_noble', 2],
  ['ubuntu_noble_arm64', 1],
  ['ubuntu_cloud_archive', 1],
  ['grafana', 1],
];

export const BASE_DISTROS = ['centos', 'ubuntu', 'rocky'] as const;

/** The original's unbuildable lists (kolla_unbuildable_images); `logstash` is not among its images. */
export const UNBUILDABLE_OLD: Readonly<Record<(typeof BASE_DISTROS)[number], readonly string[]>> = {
  ubuntu: ['haproxy-ssh', 'letsencrypt-lego', 'letsencrypt-webserver', 'skyline-apiserver', 'skyline-console'],
  centos: ['haproxy-ssh', 'letsencrypt-lego', 'letsencrypt-webserver', 'skyline-apiserver', 'skyline-console'],
  rocky: [
    'elasticsearch',
    'elasticsearch-curator',
    'haproxy-ssh',
    'iscsid',
    'kibana',
    'letsencrypt-lego',
    'letsencrypt-webserver',
    'prometheus-server',
    'skyline-apiserver',
    'skyline-console',
  ],
};
export const UNBUILDABLE_NEW = [
  'elasticsearch',
  'elasticsearch-curator',
  'iscsid',
  'kibana',
  'logstash',
  'prometheus-jiralert',
];

/** 147 image names: those the unbuildable lists name (but logstash), and made-up services' parts. */
export function kollaImages(): string[] {
  const named = [...new Set([...Object.values(UNBUILDABLE_OLD).flat(), ...UNBUILDABLE_NEW])].filter(
    (image) => image !== 'logstash',
  );
  const made: string[] = [];
  for (let service = 0; made.length + named.length < 147; service++) {
    for (const part of ['api', 'conductor', 'scheduler', 'worker', 'base']) {
      if (made.length + named.length < 147) made.push(`service${service}-${part}`);
    }
  }
  return [...named, ...made];
}

export interface RealSizeOptions {
  /** Prefix of every name and path, so that runs on a shared Pulp never collide. */
  readonly prefix: string;
  /** Where the made-up upstreams are. */
  readonly upstream?: string;
}

/** The lines of the `content:` section (indented for it) of a real-sized config. */
export function realSizeContentYaml(options: RealSizeOptions): string {
  const { prefix } = options;
  const upstream = options.upstream ?? 'https://mirror.example.org';
  const lines: string[] = ['  rpm:'];
  let n = 0;
  for (const [group, size] of RPM_GROUPS) {
    for (let i = 0; i < size; i++, n++) {
      lines.push(
        `    - name: ${prefix} rpm ${group} ${i}`,
        `      url: ${upstream}/rpm/${group}/${i}/`,
        `      syncGroup: ${group}`,
        `      basePath: ${prefix}/rpm/${group}/${i}/`,
        `      shortName: ${prefix.replace(/-/g, '_')}_rpm_${group}_${i}`,
        `      distributionName: ${prefix}-rpm-${group}-${i}-`,
      );
      // The original's quirks: 14 content-only syncs, 4 kept without syncing (one on_demand).
      if (n < 14) lines.push('      syncPolicy: mirror_content_only');
      if (n >= 151) lines.push('      sync: false', '      policy: on_demand');
    }
  }
  lines.push('  deb:');
  n = 0;
  for (const [group, size] of DEB_GROUPS) {
    for (let i = 0; i < size; i++, n++) {
      lines.push(
        `    - name: ${prefix} deb ${group} ${i}`,
        `      url: ${upstream}/deb/${group}/${i}/`,
        `      distributions: [noble, noble-updates]`,
        `      syncGroup: ${group}`,
        `      basePath: ${prefix}/deb/${group}/${i}/`,
        `      shortName: ${prefix.replace(/-/g, '_')}_deb_${group}_${i}`,
        `      distributionName: ${prefix}-deb-${group}-${i}-`,
      );
      // 15 verbatim, the others the original's default (simple); some without components or architectures.
      lines.push(n < 15 ? '      mode: verbatim' : '      mode: simple');
      if (n % 3 === 0) lines.push('      components: [main]', '      architectures: [amd64]');
    }
  }
  lines.push(
    '  containerMatrix:',
    `    - images: [${kollaImages().join(', ')}]`,
    `      baseDistros: [${BASE_DISTROS.join(', ')}]`,
    '      schemes: { old: true, new: true }',
    '      unbuildable:',
    '        old:',
    ...BASE_DISTROS.map((d) => `          ${d}: [${UNBUILDABLE_OLD[d].join(', ')}]`),
    `        new: [${UNBUILDABLE_NEW.join(', ')}]`,
    '      namespaces:',
    `        - name: ${prefix}-dev`,
    '          push: true',
    `        - name: ${prefix}`,
  );
  return `${lines.join('\n')}\n`;
}
