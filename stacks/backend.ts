// Where a stack keeps its state. The local default is a file at the project root through a relative path
// (cdktf's default writes the checkout's absolute path into cdk.tf.json, so the JSON would differ between
// clones). Shared backends hold one state per stack and take their credentials from the environment, so
// that nothing secret is ever synthesised.
import { HttpBackend, LocalBackend, PgBackend, S3Backend, TerraformStack } from 'cdktf';
import { BackendConfig } from '../config/model';

/** The project root as seen from where `cdktf deploy` runs tofu for a stack, `cdktf.out/stacks/<stack>`. */
export const PROJECT_ROOT_FROM_STACK_DIR = '../'.repeat('cdktf.out/stacks/<stack>'.split('/').length);

/** Postgres through `PG_CONN_STR`: the connection string holds the password, so it is never synthesised. */
class PgBackendFromEnvironment extends PgBackend {
  constructor(stack: TerraformStack, schemaName: string) {
    super(stack, { connStr: '', schemaName });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    const { conn_str: _fromEnvironment, ...attributes } = super.synthesizeAttributes();
    return attributes;
  }
}

export function configureBackend(stack: TerraformStack, stackId: string, backend: BackendConfig): void {
  switch (backend.kind) {
    case 'local':
      new LocalBackend(stack, { path: `${PROJECT_ROOT_FROM_STACK_DIR}terraform.${stackId}.tfstate` });
      return;
    case 's3': {
      const s3 = new S3Backend(stack, {
        bucket: backend.bucket,
        key: `${backend.keyPrefix}/${stackId}.tfstate`,
        region: backend.region,
        encrypt: true,
        // An S3-compatible store (Ceph RGW, Swift's S3 API) is not AWS: no AWS-only checks, path-style URLs.
        ...(backend.endpoint
          ? {
              endpoints: { s3: backend.endpoint },
              usePathStyle: true,
              skipCredentialsValidation: true,
              skipRegionValidation: true,
              skipRequestingAccountId: true,
              skipMetadataApiCheck: true,
            }
          : {}),
      });
      // A lock object beside the state (OpenTofu >= 1.10, Terraform >= 1.10): no DynamoDB table needed.
      s3.addOverride('use_lockfile', true);
      return;
    }
    case 'pg':
      new PgBackendFromEnvironment(stack, `${backend.schemaPrefix}_${stackId.replace(/-/g, '_')}`);
      return;
    case 'http': {
      const address = `${backend.address.replace(/\/+$/, '')}/${stackId}`;
      new HttpBackend(stack, { address, lockAddress: address, unlockAddress: address });
      return;
    }
  }
}
