import { CONCURRENCY_FLAG, concurrencyOf, HELP_FLAG, parseFlags, parseFlagsAndOperands } from '../../../cli/args';
import { UsageError } from '../../../cli/exit-codes';

describe('concurrencyOf', () => {
  test('absent is 1', () => {
    expect(concurrencyOf(new Map())).toBe(1);
  });

  test.each([
    ['1', 1],
    ['8', 8],
    ['32', 32],
  ])('%p is %i', (value, expected) => {
    expect(concurrencyOf(new Map([['concurrency', value]]))).toBe(expected);
  });

  test.each(['0', '33', '2.5', 'x', '', '-1', '1e1', ' 8', '0x8'])('%p is a usage error naming the value', (value) => {
    const flags = new Map([['concurrency', value]]);
    expect(() => concurrencyOf(flags)).toThrow(UsageError);
    expect(() => concurrencyOf(flags)).toThrow(
      `--concurrency must be a whole number from 1 to 32, got ${JSON.stringify(value)}`,
    );
  });

  test('read from the command line, in both forms', () => {
    expect(concurrencyOf(parseFlags(['--concurrency', '4'], [CONCURRENCY_FLAG]))).toBe(4);
    expect(concurrencyOf(parseFlags(['--concurrency=16'], [CONCURRENCY_FLAG]))).toBe(16);
    expect(() => parseFlags(['--concurrency'], [CONCURRENCY_FLAG])).toThrow('--concurrency needs a value');
  });
});

describe('parseFlagsAndOperands', () => {
  const specs = [{ name: 'tag', takesValue: true, description: '' }, HELP_FLAG];

  test('operands are the arguments that are neither flags nor their values, in order', () => {
    expect(parseFlagsAndOperands(['a.qcow2', '--tag', 'v1', 'b.qcow2', '--help'], specs)).toEqual({
      flags: new Map<string, string | true>([
        ['tag', 'v1'],
        ['help', true],
      ]),
      operands: ['a.qcow2', 'b.qcow2'],
    });
  });

  test('each argument is refused as it was written, and flags take values in both forms', () => {
    expect(() => parseFlags(['-abc'], specs)).toThrow('unknown argument "-abc" (see --help)');
    expect(() => parseFlags(['--', 'x'], specs)).toThrow('unknown argument "--" (see --help)');
    expect(() => parseFlags(['--help=yes'], specs)).toThrow('--help takes no value');
    expect(() => parseFlags(['--tag', '--help'], specs)).toThrow('--tag needs a value');
    expect(parseFlags(['--tag=a=b'], specs)).toEqual(new Map([['tag', 'a=b']]));
    expect(parseFlags(['--tag', '-x'], specs)).toEqual(new Map([['tag', '-x']]));
  });

  test('unknown flags stay errors, and commands without operands still refuse them', () => {
    expect(() => parseFlagsAndOperands(['--tags', 'v1'], specs)).toThrow('unknown argument "--tags"');
    expect(() => parseFlags(['a.qcow2'], specs)).toThrow('unknown argument "a.qcow2"');
  });
});
