import { ProgressView, renderBar, renderTransfer, TerminalStream } from '../../../cli/progress';
import { ProgressReport, Task } from '../../../pulp';

const CLEAR = (lines: number) => `\x1b[${lines}A\r\x1b[0J`;

function report(
  message: string,
  done: number,
  total: number | null,
  state = 'running',
  code = message,
): ProgressReport {
  return { message, code, state, done, total };
}

function task(...progress_reports: ProgressReport[]): Task {
  return {
    pulp_href: '/pulp/api/v3/tasks/1/',
    name: 'pulp_rpm.app.tasks.synchronizing.synchronize',
    state: 'running',
    progress_reports,
  };
}

function fakeTerminal(columns = 40): TerminalStream & { written: string[] } {
  const written: string[] = [];
  return { isTTY: true, columns, written, write: (text: string) => written.push(text) };
}

describe('renderBar', () => {
  test('half done is half a bar of 24 with the counts', () => {
    expect(renderBar(5, 10)).toBe(`[${'#'.repeat(12)}${'-'.repeat(12)}] 5/10`);
    expect(renderBar(0, 10)).toBe(`[${'-'.repeat(24)}] 0/10`);
    expect(renderBar(10, 10)).toBe(`[${'#'.repeat(24)}] 10/10`);
  });

  test.each([null, undefined, 0])('an unknown total (%p) shows only the count', (total) => {
    expect(renderBar(7, total)).toBe('7');
  });

  test('done beyond total clamps to a full bar, keeping the real counts', () => {
    expect(renderBar(15, 10)).toBe(`[${'#'.repeat(24)}] 15/10`);
  });

  test('the bar is always 24 wide', () => {
    for (let done = 0; done <= 13; done++) {
      expect(renderBar(done, 13)).toMatch(/^\[[#-]{24}\] \d+\/13$/);
    }
  });
});

describe('ProgressView without a terminal', () => {
  test('prints one plain line per changed report, none for an unchanged one', () => {
    const lines: string[] = [];
    const view = new ProgressView((line) => lines.push(line));
    view.update('rpm "a"', task(report('Downloading Metadata Files', 1, null)));
    view.update('rpm "a"', task(report('Downloading Metadata Files', 1, null)));
    view.update('rpm "a"', task(report('Downloading Metadata Files', 3, null)));
    view.update(
      'rpm "a"',
      task(report('Downloading Metadata Files', 3, null, 'completed'), report('Downloading Artifacts', 5, 10)),
    );
    view.update(
      'rpm "a"',
      task(report('Downloading Metadata Files', 3, null, 'completed'), report('Downloading Artifacts', 5, 10)),
    );
    expect(lines).toEqual([
      'rpm "a": Downloading Metadata Files 1 (running)',
      'rpm "a": Downloading Metadata Files 3 (running)',
      'rpm "a": Downloading Metadata Files 3 (completed)',
      'rpm "a": Downloading Artifacts 5/10 (running)',
    ]);
  });

  test('the same report of another subject is its own line', () => {
    const lines: string[] = [];
    const view = new ProgressView((line) => lines.push(line));
    view.update('a', task(report('Parsing', 2, 4)));
    view.update('b', task(report('Parsing', 2, 4)));
    expect(lines).toEqual(['a: Parsing 2/4 (running)', 'b: Parsing 2/4 (running)']);
  });

  test('a task without reports prints nothing; finish prints its line', () => {
    const lines: string[] = [];
    const view = new ProgressView((line) => lines.push(line));
    view.update('a', { pulp_href: '/t/', name: 'n', state: 'waiting' });
    expect(lines).toEqual([]);
    view.finish('a', 'a: synced, version 3');
    expect(lines).toEqual(['a: synced, version 3']);
  });
});

describe('ProgressView on a terminal', () => {
  test('draws a bar per subject and redraws over the previous lines', () => {
    const lines: string[] = [];
    const terminal = fakeTerminal(80);
    const view = new ProgressView((line) => lines.push(line), terminal);
    view.update('a', task(report('Downloading', 5, 10)));
    expect(terminal.written).toEqual([`a: ${renderBar(5, 10)} Downloading\n`]);
    terminal.written.length = 0;
    view.update('b', task(report('Parsing', 1, 4)));
    expect(terminal.written).toEqual([
      CLEAR(1),
      `a: ${renderBar(5, 10)} Downloading\n`,
      `b: ${renderBar(1, 4)} Parsing\n`,
    ]);
    terminal.written.length = 0;
    view.update('a', task(report('Downloading', 6, 10)));
    expect(terminal.written).toEqual([
      CLEAR(2),
      `a: ${renderBar(6, 10)} Downloading\n`,
      `b: ${renderBar(1, 4)} Parsing\n`,
    ]);
    expect(lines).toEqual([]);
  });

  test('shows the running report, else the last one', () => {
    const terminal = fakeTerminal(80);
    const view = new ProgressView(() => undefined, terminal);
    view.update(
      'a',
      task(
        report('Downloading', 10, 10, 'completed'),
        report('Associating', 2, 8),
        report('Publishing', 0, null, 'waiting'),
      ),
    );
    expect(terminal.written).toEqual([`a: ${renderBar(2, 8)} Associating\n`]);
    view.update('b', task(report('Downloading', 10, 10, 'completed'), report('Associating', 8, 8, 'completed')));
    expect(terminal.written.at(-1)).toBe(`b: ${renderBar(8, 8)} Associating\n`);
  });

  test('a task without reports draws nothing', () => {
    const terminal = fakeTerminal();
    new ProgressView(() => undefined, terminal).update('a', task());
    expect(terminal.written).toEqual([]);
  });

  test('lines are cut to the terminal width minus one', () => {
    const terminal = fakeTerminal(40);
    const view = new ProgressView(() => undefined, terminal);
    view.update('rpm repository "Rocky Linux 9.8 - BaseOS"', task(report('Downloading Artifacts', 5, 10)));
    const full = `rpm repository "Rocky Linux 9.8 - BaseOS": ${renderBar(5, 10)} Downloading Artifacts`;
    expect(terminal.written).toEqual([`${full.slice(0, 39)}\n`]);
    expect(terminal.written[0].length).toBe(40);
  });

  test('finish leaves its line above the bars, and the next redraw has one line fewer', () => {
    const lines: string[] = [];
    const terminal = fakeTerminal(80);
    const view = new ProgressView((line) => lines.push(line), terminal);
    view.update('a', task(report('Downloading', 5, 10)));
    view.update('b', task(report('Parsing', 1, 4)));
    terminal.written.length = 0;
    view.finish('a', 'a: synced, version 3');
    expect(terminal.written).toEqual([CLEAR(2), 'a: synced, version 3\n', `b: ${renderBar(1, 4)} Parsing\n`]);
    terminal.written.length = 0;
    view.update('b', task(report('Parsing', 2, 4)));
    expect(terminal.written).toEqual([CLEAR(1), `b: ${renderBar(2, 4)} Parsing\n`]);
    terminal.written.length = 0;
    view.finish('b', 'b: synced, version 1');
    expect(terminal.written).toEqual([CLEAR(1), 'b: synced, version 1\n']);
    // Nothing is drawn any more: the finished lines stay, no clearing over them.
    terminal.written.length = 0;
    view.finish('c', 'c: nothing to do');
    expect(terminal.written).toEqual(['c: nothing to do\n']);
    expect(lines).toEqual([]);
  });
});

describe('transfers (bytes hashed or uploaded)', () => {
  const MIB = 1024 * 1024;

  test('renderTransfer shows the bar, MiB done of the total and the rate when known', () => {
    expect(renderTransfer(25 * MIB, 50 * MIB, 12.5 * MIB)).toBe(
      `${renderBar(1, 2).split(' ')[0]} 25.0/50.0 MiB, 12.5 MiB/s`,
    );
    expect(renderTransfer(0, 50 * MIB)).toBe(`[${'-'.repeat(24)}] 0.0/50.0 MiB`);
    expect(renderTransfer(0, 0)).toBe('0.0/0.0 MiB');
  });

  test('without a terminal: a plain line at each tenth, with the rate since the first report', () => {
    const lines: string[] = [];
    const view = new ProgressView((line) => lines.push(line));
    for (let done = 0; done <= 50; done++) view.transfer('uploading a', done * MIB, 50 * MIB, 1000 + done * 100);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe(`uploading a: [${'-'.repeat(24)}] 0.0/50.0 MiB`);
    expect(lines[10]).toBe(`uploading a: [${'#'.repeat(24)}] 50.0/50.0 MiB, 10.0 MiB/s`);
  });

  test('a resumed upload counts its rate from what it already held', () => {
    const lines: string[] = [];
    const view = new ProgressView((line) => lines.push(line));
    view.transfer('uploading a', 30 * MIB, 50 * MIB, 0);
    view.transfer('uploading a', 50 * MIB, 50 * MIB, 2000);
    expect(lines.at(-1)).toBe(`uploading a: [${'#'.repeat(24)}] 50.0/50.0 MiB, 10.0 MiB/s`);
  });

  test('on a terminal: redrawn at most every 100 ms, and always at the end; finish replaces the bar', () => {
    const terminal = fakeTerminal(120);
    const view = new ProgressView(() => undefined, terminal);
    view.transfer('hashing a', 0, 4 * MIB, 1000);
    view.transfer('hashing a', MIB, 4 * MIB, 1050);
    view.transfer('hashing a', 2 * MIB, 4 * MIB, 1100);
    view.transfer('hashing a', 4 * MIB, 4 * MIB, 1120);
    expect(terminal.written.filter((w) => w.startsWith('hashing a'))).toEqual([
      `hashing a: ${renderTransfer(0, 4 * MIB)}\n`,
      `hashing a: ${renderTransfer(2 * MIB, 4 * MIB, 20 * MIB)}\n`,
      `hashing a: ${renderTransfer(4 * MIB, 4 * MIB, (4 * MIB) / 0.12)}\n`,
    ]);
    terminal.written.length = 0;
    view.finish('hashing a', 'a: 4194304 bytes');
    expect(terminal.written).toEqual([CLEAR(1), 'a: 4194304 bytes\n']);
  });
});
