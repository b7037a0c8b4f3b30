import { renderPulpSettings } from '../../../pulp/settings';

const input = {
  secretKeyFile: '/etc/pulp/secret_key',
  dbEncryptionKeyFile: '/etc/pulp/certs/database_fields.symmetric.key',
  contentOrigin: 'https://ark.example.org',
  dataDir: '/var/lib/pulp',
};

describe('renderPulpSettings database connections', () => {
  test('keeps API database connections for 600 s, checked before reuse, also over Pulp’s own database settings', () => {
    const settings = renderPulpSettings(input);
    expect(settings).not.toContain('DATABASES = {');
    expect(settings).toContain('DATABASES__default__CONN_MAX_AGE = 600\n');
    expect(settings).toContain('DATABASES__default__CONN_HEALTH_CHECKS = True\n');
  });

  test('the merge comes after an explicit database block, which would otherwise replace it', () => {
    const settings = renderPulpSettings({
      ...input,
      database: { name: 'pulp', user: 'pulp', host: 'db.example.org', port: 5432 },
      databaseConnectionMaxAgeSeconds: 0,
    });
    expect(settings.indexOf('DATABASES__default__CONN_MAX_AGE = 0\n')).toBeGreaterThan(
      settings.indexOf('DATABASES = {'),
    );
  });
});
