import { runMain } from '../../../cli/entry-point';

// Jest runs this file as the main module, so runMain acts here as it does in `node dist/<tool>.js`.
describe('runMain', () => {
  const exitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = exitCode;
    jest.restoreAllMocks();
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  test('the number main returns is the exit code', async () => {
    runMain(module, () => Promise.resolve(3));
    await settle();
    expect(process.exitCode).toBe(3);
  });

  test('an error, thrown or rejected, is one line of its message on stderr and exit code 1', async () => {
    const stderr = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    runMain(module, () => {
      throw new Error('no such config');
    });
    await settle();
    expect(stderr.mock.calls).toEqual([['no such config']]);
    expect(process.exitCode).toBe(1);
  });

  test('does nothing in a module that node was not started with', async () => {
    const main = jest.fn();
    runMain({} as NodeJS.Module, main);
    await settle();
    expect(main).not.toHaveBeenCalled();
  });
});
