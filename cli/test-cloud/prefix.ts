// The per-run prefix of a test cloud, and the run it marks. One CI run of one environment has one prefix,
// `ci-<run id>-<attempt>-<env>`: it starts every resource name, is the value of the run-marker tag, and
// names the run's own state (the OpenTofu workspace). The leak sweep reads the run id back out of it.
import { BackendConfig } from '../../config/model';
import { UsageError } from '../exit-codes';

const CI_PREFIX = /^ci-(\d+)-(\d+)-([a-z0-9-]+)$/;

/** The prefix given with --prefix, else the one of this GitHub Actions run (GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT). */
export function runPrefix(envName: string, given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (given !== undefined) return given;
  const runId = env.GITHUB_RUN_ID;
  if (!runId) throw new UsageError('no prefix: pass --prefix PREFIX, or run in GitHub Actions (GITHUB_RUN_ID)');
  if (!/^\d+$/.test(runId)) throw new UsageError(`GITHUB_RUN_ID must be a number, got ${JSON.stringify(runId)}`);
  const attempt = env.GITHUB_RUN_ATTEMPT || '1';
  if (!/^\d+$/.test(attempt)) {
    throw new UsageError(`GITHUB_RUN_ATTEMPT must be a number, got ${JSON.stringify(attempt)}`);
  }
  return `ci-${runId}-${attempt}-${envName}`;
}

/** The GitHub Actions run a prefix was made for; undefined for a prefix that no CI run made. */
export function runOfPrefix(prefix: string): { readonly runId: string; readonly attempt: number } | undefined {
  const match = CI_PREFIX.exec(prefix);
  return match ? { runId: match[1], attempt: Number(match[2]) } : undefined;
}

/** Where a run's own state lives, or why this backend cannot hold one per run. */
export function perRunState(
  backend: BackendConfig,
  stack: string,
  prefix: string,
): { readonly where: string } | { readonly refused: string } {
  switch (backend.kind) {
    case 's3':
      // The s3 backend keeps workspace W of key K at `env:/W/K` (its default workspace_key_prefix).
      return { where: `s3://${backend.bucket}/env:/${prefix}/${backend.keyPrefix}/${stack}.tfstate` };
    case 'pg':
      return { where: `workspace ${prefix} in schema ${backend.schemaPrefix}_${stack.replace(/-/g, '_')}` };
    case 'local':
      return {
        refused:
          'the local backend keeps the state on the runner, so a cancelled run could not be destroyed from elsewhere: name an s3 or pg backend in the config',
      };
    case 'http':
      return {
        refused: 'the http backend has no workspaces, so runs would share one state: name an s3 or pg backend',
      };
  }
}
