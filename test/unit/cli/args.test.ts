import { CONCURRENCY_FLAG, concurrencyOf, parseFlags } from '../../../cli/args';
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
