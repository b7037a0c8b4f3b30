// The Pulp harness's cache layout and the state of a running harness (its run folder's state.json).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheRoot, writeAtomically } from '../../scripts/cache';
import { PulpVersion, readVersions, Versions } from '../../scripts/versions';

export const PULP_ADMIN_USER = 'admin';

export interface PulpInstanceState {
  readonly name: string;
  readonly apiUrl: string;
  /** The API behind a keep-alive front (nginx), as clients of a deployment reach it; apiUrl without nginx. */
  readonly keepAliveUrl: string;
  readonly contentUrl: string;
  readonly username: string;
  /** File holding the admin password (test-only, made once per cache). */
  readonly passwordFile: string;
  /** `component version` pairs as the running server reports them. */
  readonly versions: Readonly<Record<string, string>>;
  readonly logDir: string;
  /** Gunicorn access log of the API, one line per request: `[time] METHOD /path?query STATUS seconds`. */
  readonly apiAccessLog: string;
  readonly tokenAuth: boolean;
}

export interface HarnessState {
  readonly runDir: string;
  readonly postgresPort: number;
  /** Process group ids to signal on stop (each process is its own group leader). */
  readonly pids: readonly number[];
  readonly instances: Readonly<Record<string, PulpInstanceState>>;
}

export interface Layout {
  readonly root: string;
  readonly keysDir: string;
  readonly clusterDir: string;
  readonly venv: (name: string) => string;
  readonly currentRunFile: string;
}

export function layout(): Layout {
  const root = path.join(cacheRoot(), 'pulp');
  return {
    root,
    keysDir: path.join(root, 'keys'),
    clusterDir: path.join(root, 'cluster'),
    venv: (name) => path.join(root, 'venvs', name),
    currentRunFile: path.join(root, 'current-run'),
  };
}

export function pulpInstances(versions: Versions = readVersions()): Readonly<Record<string, PulpVersion>> {
  return versions.pulp.instances;
}

export function writeState(state: HarnessState): void {
  writeAtomically(path.join(state.runDir, 'state.json'), JSON.stringify(state, null, 2));
  writeAtomically(layout().currentRunFile, state.runDir);
}

/** The state of the running harness, if any. */
export function readState(): HarnessState | undefined {
  try {
    const runDir = fs.readFileSync(layout().currentRunFile, 'utf8').trim();
    return JSON.parse(fs.readFileSync(path.join(runDir, 'state.json'), 'utf8'));
  } catch {
    return undefined;
  }
}
