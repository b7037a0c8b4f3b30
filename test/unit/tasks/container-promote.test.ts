import { loadConfig, parseConfig } from '../../../config';
import { containerPromotionTargets } from '../../../tasks/container-promote';

describe('containerPromotionTargets', () => {
  const content = parseConfig(
    `
content:
  container:
    - name: stackhpc/nova-api
    - name: stackhpc/keystone
      url: https://quay.io
    - name: stackhpc/glance-api
      push: true
    - name: stackhpc-dev/nova-api
      push: true
    - name: stackhpc-extra/neutron-server
    - name: kolla/nova-api
    - name: stackhpc/neutron-server
      private: false
`,
    'content.yaml',
  ).content;

  test('picks only the release repositories of namespace `to`, with their sources in `from`', () => {
    expect(containerPromotionTargets(content, { from: 'stackhpc-dev', to: 'stackhpc' })).toEqual([
      { image: 'nova-api', source: 'stackhpc-dev/nova-api', destination: 'stackhpc/nova-api' },
      { image: 'neutron-server', source: 'stackhpc-dev/neutron-server', destination: 'stackhpc/neutron-server' },
    ]);
  });

  test('another pair of namespaces picks its own repositories', () => {
    expect(containerPromotionTargets(content, { from: 'stackhpc', to: 'kolla' })).toEqual([
      { image: 'nova-api', source: 'stackhpc/nova-api', destination: 'kolla/nova-api' },
    ]);
  });

  test('a namespace with no release repositories gives none', () => {
    // stackhpc-dev holds only a pushed repository, which is never a promotion destination.
    expect(containerPromotionTargets(content, { from: 'stackhpc', to: 'stackhpc-dev' })).toEqual([]);
    expect(containerPromotionTargets(content, { from: 'stackhpc-dev', to: 'nowhere' })).toEqual([]);
  });

  test('the example config releases both of its images from stackhpc-dev', () => {
    expect(
      containerPromotionTargets(loadConfig().content, { from: 'stackhpc-dev', to: 'stackhpc' }).map((t) => t.source),
    ).toEqual(['stackhpc-dev/nova-api', 'stackhpc-dev/neutron-server']);
  });
});
