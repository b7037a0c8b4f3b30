import { missingForReadiness } from '../../../tasks/readiness';

const status = (overrides: object = {}) => ({
  versions: [{ component: 'core', version: '3.85.34' }],
  online_workers: [{ name: 'w1' }, { name: 'w2' }],
  online_content_apps: [{ name: 'c1' }],
  database_connection: { connected: true },
  ...overrides,
});

describe('readiness', () => {
  test('ready with a database, enough workers and a content app', () => {
    expect(missingForReadiness(status(), 2)).toEqual([]);
  });

  test('says what is missing', () => {
    expect(
      missingForReadiness(
        status({ database_connection: { connected: false }, online_workers: [], online_content_apps: [] }),
        1,
      ),
    ).toEqual(['database not connected', '0 of 1 task workers online', 'no content app online']);
    expect(missingForReadiness(status(), 3)).toEqual(['2 of 3 task workers online']);
  });
});
