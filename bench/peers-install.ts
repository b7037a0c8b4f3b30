// The peers of bench:peers (pulp-cli and pulp-glue, pinned in versions.json), installed from PyPI into a
// virtualenv in the cache on first use. Part of the benchmark, never of npm test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheRoot, isCurrent, Log, runLogged, writeStamp } from '../scripts/cache';
import { readVersions } from '../scripts/versions';

const COMPONENT = 'bench-peers';

function peersVenv(): string {
  return path.join(cacheRoot(), 'bench-peers', 'venv');
}

/** Installs the peers unless the cache has exactly the pinned versions; returns the virtualenv's bin folder. */
export function ensurePeers(log: Log): string {
  const entry = readVersions().benchPeers;
  const venv = peersVenv();
  if (!isCurrent(COMPONENT, entry, venv)) {
    const requirements = Object.entries(entry.requirements).map(([name, version]) => `${name}==${version}`);
    log(`installing the bench peers from PyPI: ${requirements.join(' ')}`);
    // Built in place: a virtualenv records its own path in its scripts; the stamp, written last, marks it done.
    fs.rmSync(venv, { recursive: true, force: true });
    runLogged(entry.python, ['-m', 'venv', venv], {}, log);
    runLogged(path.join(venv, 'bin', 'pip'), ['install', '--quiet', ...requirements], {}, log);
    writeStamp(COMPONENT, entry);
  }
  return path.join(venv, 'bin');
}

if (require.main === module) ensurePeers((line) => console.error(`[bench:peers] ${line}`));
