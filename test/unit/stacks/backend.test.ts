import { Testing } from 'cdktf';
import { BackendConfig } from '../../../config';
import { ReleaseTrainStack } from '../../../stacks';

class EmptyStack extends ReleaseTrainStack {}

function backendOf(backend: BackendConfig | undefined, id = 'mirror-site-a'): any {
  const stack = new EmptyStack(Testing.app(), id, { backend });
  return JSON.parse(Testing.synth(stack)).terraform.backend;
}

describe('state backends', () => {
  test('local by default: a relative path to the project root, one file per stack', () => {
    expect(backendOf(undefined)).toEqual({ local: { path: '../../../terraform.mirror-site-a.tfstate' } });
  });

  test('s3: one key per stack, encrypted, locked with a lock file; S3-compatible endpoints skip AWS checks', () => {
    expect(backendOf({ kind: 's3', bucket: 'rt', keyPrefix: 'train', region: 'RegionOne' })).toEqual({
      s3: { bucket: 'rt', key: 'train/mirror-site-a.tfstate', region: 'RegionOne', encrypt: true, use_lockfile: true },
    });
    const rgw = backendOf({
      kind: 's3',
      bucket: 'rt',
      keyPrefix: 'train',
      region: 'r',
      endpoint: 'https://s3.example.org',
    });
    expect(rgw.s3).toMatchObject({
      endpoints: { s3: 'https://s3.example.org' },
      use_path_style: true,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
    });
  });

  test('pg: one schema per stack; the connection string (with its password) comes only from PG_CONN_STR', () => {
    expect(backendOf({ kind: 'pg', schemaPrefix: 'release_train' })).toEqual({
      pg: { schema_name: 'release_train_mirror_site_a' },
    });
  });

  test('http: one address per stack, locked at the same address', () => {
    const address = 'https://state.example.org/rt/mirror-site-a';
    expect(backendOf({ kind: 'http', address: 'https://state.example.org/rt/' })).toEqual({
      http: { address, lock_address: address, unlock_address: address },
    });
  });
});
