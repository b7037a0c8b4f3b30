// CPU seconds the Pulp harness has spent: every process of its groups (API and content gunicorns, task
// workers with their reaped per-task children, nginx) and PostgreSQL's tree (one backend per connection).
// Unlike wall time on a shared machine, it shows what a step costs the server whatever else runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HarnessState } from '../testbed/pulp/harness';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** utime + stime + cutime + cstime, in seconds. */
  readonly cpu: number;
}

function processes(): Proc[] {
  const found: Proc[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    // The fields after the command name, which may itself hold spaces and parentheses.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(f[i]), 0);
    found.push({ pid: Number(entry), ppid: Number(f[1]), pgid: Number(f[2]), cpu: ticks / TICKS_PER_SECOND });
  }
  return found;
}

export function harnessCpuSeconds(state: HarnessState): number {
  const postmaster = path.join(state.runDir, 'pgdata', 'postmaster.pid');
  const roots = new Set(state.pids);
  if (fs.existsSync(postmaster)) roots.add(Number(fs.readFileSync(postmaster, 'utf8').split('\n')[0]));
  const all = processes();
  const mine = new Set<number>();
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!mine.has(p.pid) && (roots.has(p.pid) || roots.has(p.pgid) || mine.has(p.ppid))) {
        mine.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => mine.has(p.pid)).reduce((sum, p) => sum + p.cpu, 0);
}
