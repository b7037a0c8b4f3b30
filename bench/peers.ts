// bench:peers — on the real "ark" Pulp of the harness, in one run, the same work done by release-train and by
// the tools people use today: (a) create N rpm remotes + repositories + distributions, (b) the no-op rerun,
// (c) promote M snapshot distributions (development -> release guard), (d) upload a file; then real-size
// rows (a generated config the size of the real release train, reconciled first and then as a no-op).
// Rows: release-train (one session per run, kept-open connections, --concurrency), release-train with basic
// auth and one object at a time (today's client), pulp-cli (one command per object, `show` before `create`,
// as users script it), pulp-glue (driven as pulp.squeezer's modules drive it, bench/peers-glue.py) and curl
// (the upload). Each row: wall time, API calls and writes (Pulp's own access log; a login or logout is not a
// write), peak RSS (of the largest process), the CPU seconds the harness's Pulps and PostgreSQL spent (what
// the row cost the server, whatever else the machine ran) and the load average at its end. Each row works on its own objects, so every row does the real
// work. The peers are installed into the cache on first use (bench/peers-install.ts), never by npm test.
// A benchmark: it prints figures and asserts nothing.
//   npm run bench:peers [-- --count N] [--promote M] [--upload-mib S] [--concurrency C] [--peer-count K]
//                       [--steps a,c,d] [--tools release-train,basic,pulp-cli,pulp-glue,curl]
//                       [--real-size | --real-size-only] [--real-size-every E]
//   defaults: N 200, M 100, S 1024, C 8, K = N and M, E 10, every step and tool; the real-size rows only when
//   asked; today's client's first real-size run is timed on every E-th entry (whole, it takes ~30 min) and
//   scaled by objects, as its row says. --peer-count K times pulp-cli and pulp-glue on the first K objects of
//   (a), (b) and (c) only (at N 200 they take hours): their rows say so and show the time scaled to N (or M)
//   beside the measured one; they do one object at a time, so their time grows linearly with the count.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../config';
import { PulpClient } from '../pulp';
import { HarnessState, PulpInstanceState, startHarness, stopHarness } from '../testbed/pulp/harness';
import { projectRoot } from '../scripts/toolchain';
import { mapConcurrent } from '../tasks/concurrency';
import { desiredObjects } from '../tasks/desired';
import { Reconciler } from '../tasks/reconcile';
import { snapshotTargets } from '../tasks/snapshot';
import { ensurePeers } from './peers-install';
import { harnessCpuSeconds } from './pulp-cpu';
import { realSizeConfig, sampleContent } from './real-size';
import { CONFIG as IMAGE_CONFIG, cliRow, curlRow, runMeasured } from './upload';
import { runMain } from '../cli/entry-point';

const SNAPSHOT = '20261128T000000';
const DRIVER = path.join(projectRoot, 'dist', 'bench', 'peers-driver.js');
const GLUE = path.join(projectRoot, 'bench', 'peers-glue.py');

interface Measure {
  seconds: number;
  calls: number;
  writes: number;
  peakKiB: number;
  /** CPU seconds the harness's Pulps and PostgreSQL spent (bench/pulp-cpu.ts). */
  pulpCpu: number;
  /** The machine's 1-minute load average at the end of the row. */
  load: number;
}

interface Options {
  readonly count: number;
  readonly promote: number;
  readonly uploadMiB: number;
  readonly concurrency: number;
  readonly realSize: boolean;
  /** Only the real-size rows (the peers' rows take a while on their own). */
  readonly realSizeOnly: boolean;
  /** Today's client's real-size first run is timed on every k-th entry, then scaled by objects. */
  readonly realSizeEvery: number;
  /** How many of the N (and M) objects pulp-cli and pulp-glue are timed on. */
  readonly peerCount?: number;
  readonly steps: ReadonlySet<string>;
  readonly tools: ReadonlySet<string>;
}

const STEPS = ['a', 'c', 'd'];
const TOOLS = ['release-train', 'basic', 'pulp-cli', 'pulp-glue', 'curl'];

function optionsOf(argv: readonly string[]): Options {
  const number = (name: string, fallback: number) => {
    const at = argv.indexOf(`--${name}`);
    const value = at >= 0 ? Number(argv[at + 1]) : fallback;
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number`);
    return value;
  };
  const list = (name: string, all: readonly string[]) => {
    const at = argv.indexOf(`--${name}`);
    const chosen = at >= 0 ? argv[at + 1].split(',') : all;
    const unknown = chosen.filter((item) => !all.includes(item));
    if (unknown.length > 0) throw new Error(`--${name} takes some of ${all.join(',')}, got ${unknown.join(',')}`);
    return new Set(chosen);
  };
  return {
    count: number('count', 200),
    peerCount: argv.includes('--peer-count') ? number('peer-count', 1) : undefined,
    steps: list('steps', STEPS),
    tools: list('tools', TOOLS),
    promote: number('promote', 100),
    uploadMiB: number('upload-mib', 1024),
    concurrency: number('concurrency', 8),
    realSize: ['--real-size', '--real-size-only'].some((flag) => argv.includes(flag)),
    realSizeOnly: argv.includes('--real-size-only'),
    realSizeEvery: number('real-size-every', 10),
  };
}

/** N rpm repositories with real-length names under `prefix`; each with its publication (snapshot) settings. */
function rpmConfig(prefix: string, count: number): string {
  const entries = Array.from(
    { length: count },
    (_, i) => `    - name: ${prefix} Rocky Linux 9.8 - AppStream ${i} (x86_64)
      url: https://mirrors.rockylinux.org/mirrorlist?repo=rocky-AppStream-9.8&arch=x86_64&n=${i}
      syncGroup: rocky_9_x86_64
      basePath: ${prefix}/rocky/9.8/AppStream${i}/x86_64/os/
      shortName: ${prefix}_rocky_9_8_appstream_${i}
      distributionName: ${prefix}-rocky-9.8-appstream-${i}-`,
  );
  return `content:\n  rpm:\n${entries.join('\n')}\n`;
}

function logLines(instance: PulpInstanceState): string[] {
  return fs.readFileSync(instance.apiAccessLog, 'utf8').split('\n').filter(Boolean);
}

/** Runs `work`, then reads what Pulp saw from its access log (gunicorn writes a line after each answer). */
async function measured(
  state: HarnessState,
  instance: PulpInstanceState,
  work: () => Promise<number>,
): Promise<Measure> {
  const before = logLines(instance).length;
  const cpuBefore = harnessCpuSeconds(state);
  const started = process.hrtime.bigint();
  const peakKiB = await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const pulpCpu = harnessCpuSeconds(state) - cpuBefore;
  const load = os.loadavg()[0];
  await new Promise((resolve) => setTimeout(resolve, 300));
  const calls = logLines(instance)
    .slice(before)
    .filter((line) => !line.includes(' /pulp/api/v3/status/'));
  const writes = calls.filter((line) => /\] (POST|PATCH|PUT|DELETE) /.test(line) && !line.includes('/login/'));
  return { seconds, calls: calls.length, writes: writes.length, peakKiB, pulpCpu, load };
}

async function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const result = await runMeasured(command, args, env);
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.slice(0, 2).join(' ')} failed`);
  return result.peakKiB;
}

class Bench {
  /** `scale`: the row ran on 1/scale of the step's objects (--peer-count); its time is compared scaled. */
  private readonly rows: { step: string; tool: string; measure: Measure; scale: number; note: string }[] = [];
  /** Upload MiB/s (create, chunks, commit) by tool. */
  private readonly uploadRates = new Map<string, number>();

  constructor(
    private readonly state: HarnessState,
    private readonly ark: PulpInstanceState,
    private readonly password: string,
    private readonly work: string,
    private readonly bin: string,
    private readonly options: Options,
  ) {}

  private env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: this.work, // pulp-cli and pulp-glue cache the API description under it: the same for every row
      RELEASE_TRAIN_PULP_URL: this.ark.keepAliveUrl,
      RELEASE_TRAIN_PULP_PASSWORD: this.password,
      PULP_BASE_URL: this.ark.keepAliveUrl,
      PULP_PASSWORD: this.password,
      ...extra,
    };
  }

  private async row(
    step: string,
    tool: string,
    note: string,
    work: () => Promise<number>,
    scale = 1,
  ): Promise<Measure> {
    const measure = await measured(this.state, this.ark, work);
    this.rows.push({ step, tool, measure, scale, note });
    const { seconds, calls, writes, peakKiB, pulpCpu, load } = measure;
    const scaled = scale === 1 ? '' : (seconds * scale).toFixed(0);
    console.log(
      `${step.padEnd(26)} ${tool.padEnd(24)} ${seconds.toFixed(1).padStart(8)} ${scaled.padStart(8)} ${String(calls).padStart(7)} ${String(writes).padStart(7)} ${(peakKiB / 1024).toFixed(0).padStart(9)} ${pulpCpu.toFixed(1).padStart(9)} ${load.toFixed(1).padStart(5)}  ${note}`,
    );
    return measure;
  }

  private wanted(tool: string): boolean {
    return this.options.tools.has(tool.replace(/^release-train basic$/, 'basic').split(' ')[0]);
  }

  /** How many of `count` objects `tool` is timed on: pulp-cli and pulp-glue on --peer-count of them. */
  private countFor(tool: string, count: number): number {
    const peer = tool.startsWith('pulp-');
    return peer && this.options.peerCount ? Math.min(this.options.peerCount, count) : count;
  }

  private subsetNote(tool: string, count: number, note: string): string {
    const k = this.countFor(tool, count);
    return k === count ? note : `${note}; first ${k} of ${count} timed, time scaled x${(count / k).toFixed(0)}`;
  }

  private configFile(prefix: string, text: string): string {
    const file = path.join(this.work, `${prefix}.yaml`);
    fs.writeFileSync(file, text);
    return file;
  }

  /** The pulp-cli settings file: the password goes there, not onto command lines. */
  private pulpCliConfig(): string {
    const file = path.join(this.work, 'pulp-cli.toml');
    fs.writeFileSync(
      file,
      `[cli]\nbase_url = "${this.ark.keepAliveUrl}"\nusername = "admin"\npassword = "${this.password}"\nformat = "json"\n`,
      { mode: 0o600 },
    );
    return file;
  }

  /** One pulp-cli command per call, as a script runs it; the peak RSS of the largest. */
  private async pulpCli(commands: readonly (readonly string[])[]): Promise<number> {
    const config = this.pulpCliConfig();
    let peak = 0;
    for (const args of commands) {
      const result = await runMeasured(
        path.join(this.bin, 'pulp'),
        ['--config', config, ...args],
        this.env(),
        'ignore',
      );
      if (result.status !== 0) throw new Error(`pulp ${args.join(' ')} failed`);
      peak = Math.max(peak, result.peakKiB);
    }
    return peak;
  }

  /** `show` before `create`: what a user's script does to be idempotent. */
  private async pulpCliEnsure(objects: readonly { name: string; remote: string; url: string; basePath: string }[]) {
    const config = this.pulpCliConfig();
    let peak = 0;
    const pulp = async (args: readonly string[]) => {
      const result = await runMeasured(
        path.join(this.bin, 'pulp'),
        ['--config', config, ...args],
        this.env(),
        'ignore',
      );
      peak = Math.max(peak, result.peakKiB);
      return result.status === 0;
    };
    const ensure = async (show: readonly string[], create: readonly string[]) => {
      if (!(await pulp(show)) && !(await pulp(create))) throw new Error(`pulp ${create.join(' ')} failed`);
    };
    for (const o of objects) {
      await ensure(
        ['rpm', 'remote', 'show', '--name', o.remote],
        ['rpm', 'remote', 'create', '--name', o.remote, '--url', o.url, '--policy', 'on_demand'],
      );
      await ensure(
        ['rpm', 'repository', 'show', '--name', o.name],
        ['rpm', 'repository', 'create', '--name', o.name, '--remote', o.remote],
      );
      await ensure(
        ['rpm', 'distribution', 'show', '--name', o.name],
        ['rpm', 'distribution', 'create', '--name', o.name, '--base-path', o.basePath, '--repository', o.name],
      );
    }
    return peak;
  }

  private objectsOf(configText: string) {
    return parseConfig(configText, 'bench.yaml').content.rpm.map((repo) => ({
      name: repo.name,
      remote: `${repo.name}-remote`,
      url: repo.url!,
      basePath: repo.publication!.basePath.replace(/\/$/, ''),
      distribution: `${repo.publication!.distributionName}${SNAPSHOT}`,
    }));
  }

  /** (a) and (b) for every tool, each on its own objects. */
  async createRows(): Promise<void> {
    const { count, concurrency } = this.options;
    const tools: [string, string, (config: string, text: string) => Promise<number>][] = [
      [
        'release-train',
        `session, keep-alive, --concurrency ${concurrency}`,
        (config) =>
          run(
            process.execPath,
            [DRIVER, 'create', config, '--auth', 'session', '--concurrency', String(concurrency)],
            this.env(),
          ),
      ],
      [
        'release-train basic',
        "today's client: basic auth, one at a time",
        (config) =>
          run(
            process.execPath,
            [DRIVER, 'create', config, '--auth', 'basic', '--concurrency', '1', '--no-keep-alive'],
            this.env(),
          ),
      ],
      [
        'pulp-cli 0.41',
        'one command per call, show before create',
        (_c, text) => this.pulpCliEnsure(this.objectsOf(text)),
      ],
      [
        'pulp-glue 0.41',
        "squeezer's look-up/create/update per object",
        async (_c, text) => {
          const objects = path.join(this.work, `glue-${Date.now()}.json`);
          fs.writeFileSync(objects, JSON.stringify(this.objectsOf(text)));
          return run(path.join(this.bin, 'python'), [GLUE, 'create', objects], this.env());
        },
      ],
    ];
    for (const [index, [tool, note, work]] of tools.entries()) {
      if (!this.wanted(tool)) continue;
      const prefix = `pa${index}`;
      const k = this.countFor(tool, count);
      const text = rpmConfig(prefix, k);
      const config = this.configFile(prefix, text);
      const rowNote = this.subsetNote(tool, count, note);
      await this.row(`(a) create ${count} x 3`, tool, rowNote, () => work(config, text), count / k);
      await this.row('(b) no-op rerun', tool, rowNote, () => work(config, text), count / k);
    }
  }

  /** (c): snapshot distributions guarded development are made first (not timed), one set per tool. */
  async promoteRows(admin: PulpClient): Promise<void> {
    const { promote: count, concurrency } = this.options;
    const guards = `  contentGuards:\n    - name: development\n    - name: release\n`;
    await new Reconciler(admin, { hashKey: this.password, concurrency }).run(
      desiredObjects(parseConfig(`content:\n${guards}`, 'guards.yaml').content, {}),
    );
    const [development] = await admin.list<{ pulp_href: string }>('contentguards/core/rbac/', { name: 'development' });
    const tools = ['release-train', 'release-train basic', 'pulp-cli 0.41', 'pulp-glue 0.41'];
    const sets = tools.map((tool, index) => {
      const text = rpmConfig(`pc${index}`, this.wanted(tool) ? this.countFor(tool, count) : 1).replace(
        /\n {6}url: .*$/gm,
        '\n      sync: false',
      );
      return { text, config: this.configFile(`pc${index}`, text) };
    });
    const setup = sets.map((s) => parseConfig(s.text, 'bench.yaml').content);
    await new Reconciler(admin, { hashKey: this.password, concurrency }).run(
      desiredObjects({ ...setup[0], rpm: setup.flatMap((c) => c.rpm) }, {}),
    );
    const [repository] = await admin.list<{ pulp_href: string }>('repositories/rpm/rpm/', {
      name: setup[0].rpm[0].name,
    });
    const publication = await admin.create<{ pulp_href: string }>('publications/rpm/rpm/', {
      repository: repository.pulp_href,
    });
    await mapConcurrent(
      setup.flatMap((c) => snapshotTargets(c)),
      concurrency,
      (t) =>
        admin.create('distributions/rpm/rpm/', {
          name: `${t.publication.distributionName}${SNAPSHOT}`,
          base_path: `${t.publication.basePath}${SNAPSHOT}`,
          publication: publication.pulp_href,
          content_guard: development.pulp_href,
        }),
    );
    const step = `(c) promote ${count}`;
    const driver = (config: string, auth: string, c: number) => () =>
      run(process.execPath, [DRIVER, 'promote', config, '--auth', auth, '--concurrency', String(c)], this.env());
    const row = (index: number, note: string, work: () => Promise<number>) =>
      this.wanted(tools[index])
        ? this.row(
            step,
            tools[index],
            this.subsetNote(tools[index], count, note),
            work,
            count / this.countFor(tools[index], count),
          )
        : undefined;
    await row(0, `session, keep-alive, --concurrency ${concurrency}`, driver(sets[0].config, 'session', concurrency));
    await row(1, `basic auth, --concurrency ${concurrency}`, driver(sets[1].config, 'basic', concurrency));
    await row(2, 'one update per distribution', () =>
      this.pulpCli(
        this.objectsOf(sets[2].text).map((o) => [
          'rpm',
          'distribution',
          'update',
          '--name',
          o.distribution,
          '--content-guard',
          'core:rbac:release',
        ]),
      ),
    );
    await row(3, "squeezer's look-up/compare/update per object", async () => {
      const objects = path.join(this.work, 'glue-promote.json');
      fs.writeFileSync(objects, JSON.stringify(this.objectsOf(sets[3].text)));
      return run(path.join(this.bin, 'python'), [GLUE, 'promote', objects], this.env());
    });
  }

  /** (d): `release-train image upload` with a session and with basic auth, and curl, the same bytes' worth. */
  async uploadRows(admin: PulpClient): Promise<void> {
    const size = this.options.uploadMiB;
    const configFile = path.join(this.work, 'images.yaml');
    fs.writeFileSync(configFile, IMAGE_CONFIG);
    await new Reconciler(admin, { hashKey: this.password }).run(
      desiredObjects(parseConfig(IMAGE_CONFIG, configFile).content, {}),
    );
    const chunkMiB = 16;
    for (const [tool, auth] of [
      ['release-train', 'session'],
      ['release-train basic', 'basic'],
    ]) {
      if (!this.wanted(tool)) continue;
      let uploadSeconds = 0;
      const m = await this.row(`(d) upload ${size} MiB`, tool, `${auth} auth`, async () => {
        const env = this.env({ RELEASE_TRAIN_PULP_AUTH: auth });
        const row = await cliRow(env, this.work, configFile, size, chunkMiB, `${auth}-${size}`);
        uploadSeconds = row.uploadSeconds;
        this.uploadRates.set(tool, size / row.uploadSeconds);
        return row.peakRssKiB;
      });
      this.rows.at(-1)!.note =
        `${(size / uploadSeconds).toFixed(1)} MiB/s upload (whole job ${(size / m.seconds).toFixed(1)} MiB/s)`;
      console.log(`${''.padEnd(26)} ${''.padEnd(24)} ${this.rows.at(-1)!.note}`);
    }
    if (!this.wanted('curl')) return;
    let curlMibs = 0;
    await this.row(`(d) upload ${size} MiB`, 'curl', 'one process, chunks over one connection', async () => {
      const row = await curlRow(admin, this.password, this.work, size, chunkMiB);
      curlMibs = size / row.uploadSeconds;
      this.uploadRates.set('curl', curlMibs);
      return row.peakRssKiB;
    });
    this.rows.at(-1)!.note = `${curlMibs.toFixed(1)} MiB/s upload`;
    console.log(`${''.padEnd(26)} ${''.padEnd(24)} ${this.rows.at(-1)!.note}`);
  }

  /**
   * Real-size rows: reconcile of a config the size of the real release train (bench/real-size.ts), first run
   * and no-op rerun, with release-train and with today's client. Today's client's first run is timed on every
   * k-th entry (--real-size-every) and scaled by the objects in the config; its no-op is not scaled (one list
   * call per type whatever the size).
   */
  async realSizeRows(): Promise<void> {
    const { concurrency, realSizeEvery: every } = this.options;
    const objects = (text: string, k: number) =>
      desiredObjects(sampleContent(parseConfig(text, 'real-size.yaml').content, k), {}).length;
    const variants: [string, string, string[], number][] = [
      ['release-train', `session, keep-alive, --concurrency ${concurrency}`, ['--auth', 'session'], concurrency],
    ];
    if (this.wanted('release-train basic'))
      variants.push(['release-train basic', "today's client", ['--auth', 'basic', '--no-keep-alive'], 1]);
    for (const [index, [tool, note, flags, c]] of variants.entries()) {
      const text = realSizeConfig(`rs${index}`);
      const config = this.configFile(`rs${index}`, text);
      const k = c === 1 ? every : 1;
      const args = [DRIVER, 'reconcile', config, ...flags, '--concurrency', String(c), '--every', String(k)];
      const reconcile = () => run(process.execPath, args, this.env());
      const [all, sampled] = [objects(text, 1), objects(text, k)];
      const sample = k === 1 ? '' : `; every ${k}th entry (${sampled} of ${all} objects)`;
      const scaled = k === 1 ? '' : `, time scaled x${(all / sampled).toFixed(1)}`;
      await this.row('real size: first reconcile', tool, `${note}${sample}${scaled}`, reconcile, all / sampled);
      await this.row('real size: no-op reconcile', tool, `${note}${sample}${k === 1 ? '' : ', not scaled'}`, reconcile);
    }
  }

  printRatios(): void {
    const seconds = (step: string, tool: string) => {
      const row = this.rows.find((r) => r.step.startsWith(step) && r.tool === tool);
      return row && row.measure.seconds * row.scale;
    };
    console.log(
      '\nratios (how many times faster release-train is, a subset row by its scaled time; targets from issue 19 in brackets)',
    );
    const ratio = (step: string, other: string, target: number) => {
      const mine = seconds(step, 'release-train');
      const theirs = seconds(step, other);
      if (mine === undefined || theirs === undefined) return;
      const x = theirs / mine;
      console.log(
        `  ${step.padEnd(26)} vs ${other.padEnd(20)} ${x.toFixed(1).padStart(7)}x  [>= ${target}x] ${x >= target ? 'met' : 'MISSED'}`,
      );
    };
    for (const step of ['(a)', '(c)']) {
      ratio(step, 'release-train basic', 5);
      ratio(step, 'pulp-cli 0.41', 15);
      ratio(step, 'pulp-glue 0.41', 15);
    }
    ratio('(b)', 'pulp-cli 0.41', 100);
    ratio('(b)', 'pulp-glue 0.41', 100);
    ratio('real size: first', 'release-train basic', 5);
    const noop = this.rows.find((r) => r.step.startsWith('real size: no-op') && r.tool === 'release-train');
    if (noop) {
      const { seconds, writes } = noop.measure;
      const met = seconds <= 5 && writes === 0;
      console.log(
        `  ${'real size: no-op'.padEnd(26)}    ${`${seconds.toFixed(1)} s, ${writes} writes`.padEnd(28)} [<= 5 s, 0 writes] ${met ? 'met' : 'MISSED'}`,
      );
    }
    const [mine, curl] = [this.uploadRates.get('release-train'), this.uploadRates.get('curl')];
    if (mine && curl) {
      const x = mine / curl;
      console.log(
        `  ${'(d) upload MiB/s'.padEnd(26)} vs ${'curl'.padEnd(20)} ${x.toFixed(1).padStart(7)}x  [>= 1.5x] ${x >= 1.5 ? 'met' : 'MISSED'}`,
      );
    }
    this.printServerFloor();
  }

  /**
   * Where release-train spends the time Pulp itself needs: the CPU seconds the server spent on a row, spread
   * over every core, are the least wall time any client could take for the same work on this machine.
   */
  private printServerFloor(): void {
    const cores = os.cpus().length;
    const rows = this.rows.filter((r) => r.tool === 'release-train' && r.measure.pulpCpu / cores >= 1);
    if (rows.length === 0) return;
    console.log(`\nPulp's floor (its CPU seconds over ${cores} cores: no client can do the same work faster here)`);
    for (const { step, measure } of rows) {
      const floor = measure.pulpCpu / cores;
      console.log(
        `  ${step.padEnd(26)} ${measure.seconds.toFixed(1).padStart(7)} s, floor ${floor.toFixed(1).padStart(6)} s: ${(measure.seconds / floor).toFixed(2)}x the floor`,
      );
    }
  }
}

async function main(): Promise<void> {
  const options = optionsOf(process.argv.slice(2));
  const bin = ensurePeers((line) => console.error(`[bench:peers] ${line}`));
  const state = await startHarness(() => undefined);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-bench-peers-'));
  try {
    const ark = state.instances.ark;
    const password = fs.readFileSync(ark.passwordFile, 'utf8').trim();
    const admin = new PulpClient({
      baseUrl: ark.keepAliveUrl,
      username: ark.username,
      password,
      maxSockets: options.concurrency,
    });
    console.log(
      `bench:peers — on the real "ark" Pulp (pulpcore ${ark.versions.core}, rpm ${ark.versions.rpm}), ${os.cpus().length} CPUs; N ${options.count}, M ${options.promote}${options.peerCount ? `, pulp-cli and pulp-glue timed on the first ${options.peerCount}` : ''}`,
    );
    console.log(
      `${'step'.padEnd(26)} ${'tool'.padEnd(24)} ${'seconds'.padStart(8)} ${'scaled'.padStart(8)} ${'calls'.padStart(7)} ${'writes'.padStart(7)} ${'RSS MiB'.padStart(9)} ${'Pulp CPU'.padStart(9)} ${'load'.padStart(5)}  notes`,
    );
    const bench = new Bench(state, ark, password, work, bin, options);
    if (!options.realSizeOnly) {
      if (options.steps.has('a')) await bench.createRows();
      if (options.steps.has('c')) await bench.promoteRows(admin);
      if (options.steps.has('d')) await bench.uploadRows(admin);
    }
    if (options.realSize) await bench.realSizeRows();
    bench.printRatios();
    await admin.close();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    await stopHarness(() => undefined);
  }
}

runMain(module, main);
