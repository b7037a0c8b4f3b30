import { mapConcurrent, mapDependent } from '../../../tasks/concurrency';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('mapConcurrent', () => {
  test('results are in input order even when later items finish first', async () => {
    // Each item waits for the next one to finish (no timers: the order holds on a loaded machine too), so
    // they finish last to first, which also needs all five running at once.
    const finishedSignals = Array.from({ length: 5 }, () => {
      let resolve = () => {};
      const promise = new Promise<void>((done) => (resolve = done));
      return { promise, resolve };
    });
    const finished: number[] = [];
    const results = await mapConcurrent(['a', 'b', 'c', 'd', 'e'], 5, async (item, index) => {
      if (index < 4) await finishedSignals[index + 1].promise;
      finished.push(index);
      finishedSignals[index].resolve();
      return `item ${item}`;
    });
    expect(finished).toEqual([4, 3, 2, 1, 0]);
    expect(results).toEqual(['item a', 'item b', 'item c', 'item d', 'item e']);
  });

  test.each([1, 2, 3])('never more than %i running at once, and all of them used', async (limit) => {
    let running = 0;
    let most = 0;
    const items = Array.from({ length: 9 }, (_, i) => i);
    const results = await mapConcurrent(items, limit, async (item) => {
      running++;
      most = Math.max(most, running);
      await sleep(5 + (item % 3) * 5);
      running--;
      return item * 2;
    });
    expect(most).toBe(limit);
    expect(running).toBe(0);
    expect(results).toEqual(items.map((i) => i * 2));
  });

  test('a limit above the number of items runs them all at once', async () => {
    let running = 0;
    let most = 0;
    await mapConcurrent([1, 2, 3], 32, async () => {
      running++;
      most = Math.max(most, running);
      await sleep(10);
      running--;
    });
    expect(most).toBe(3);
  });

  test('passes each item with its index', async () => {
    const seen: [string, number][] = [];
    await mapConcurrent(['a', 'b', 'c'], 2, async (item, index) => {
      seen.push([item, index]);
    });
    expect(seen.sort()).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
    ]);
  });

  test('after a failure no new item starts, running ones are awaited, then the first error is thrown', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const first = new Error('item 1 failed first');
    const promise = mapConcurrent([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      if (item === 1) {
        await sleep(5);
        throw first;
      }
      await sleep(40);
      finished.push(item);
      if (item === 0) throw new Error('item 0 failed later');
      return item;
    });
    let settledWith: { finished: number[]; error: unknown } | undefined;
    await promise.catch((error) => {
      settledWith = { finished: [...finished], error };
    });
    expect(settledWith?.error).toBe(first);
    // item 0 was running when item 1 failed: it was awaited before the rejection.
    expect(settledWith?.finished).toEqual([0]);
    expect(started.sort()).toEqual([0, 1]);
    // nothing was left running that starts later
    await sleep(60);
    expect(started.sort()).toEqual([0, 1]);
  });

  test('a failure with limit 1 stops the sequence at the failing item', async () => {
    const started: number[] = [];
    await expect(
      mapConcurrent([0, 1, 2, 3], 1, async (item) => {
        started.push(item);
        if (item === 1) throw new Error('boom');
        return item;
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
  });

  test('a thrown non-Error value is still rethrown', async () => {
    await expect(
      mapConcurrent([1], 1, async () => {
        // A non-Error on purpose: what this test is about.
        // eslint-disable-next-line @typescript-eslint/only-throw-error
        throw undefined;
      }),
    ).rejects.toBeUndefined();
  });

  test.each([0, -1, 1.5, NaN, Infinity])('limit %p is a RangeError and runs nothing', async (limit) => {
    const run = jest.fn(async (x: number) => x);
    await expect(mapConcurrent([1, 2], limit, run)).rejects.toThrow(RangeError);
    await expect(mapConcurrent([1, 2], limit, run)).rejects.toThrow(
      `concurrency must be a positive integer, got ${limit}`,
    );
    expect(run).not.toHaveBeenCalled();
  });

  test('an empty list resolves to [] without calling run', async () => {
    const run = jest.fn(async (x: number) => x);
    await expect(mapConcurrent([], 4, run)).resolves.toEqual([]);
    expect(run).not.toHaveBeenCalled();
  });
});

describe('mapDependent', () => {
  // remote0, remote1, repository0 (needs remote0), repository1 (needs remote1), distribution0 (needs repository0)
  const items = ['remote0', 'remote1', 'repository0', 'repository1', 'distribution0'];
  const needs: Record<string, number[]> = { repository0: [0], repository1: [1], distribution0: [2] };
  const rank = (item: string) => ['remote', 'repository', 'distribution'].findIndex((k) => item.startsWith(k));

  test('each item starts after what it needs has finished, and a chain moves on without waiting for the others', async () => {
    const gate = { remote1: () => {} };
    const remote1Released = new Promise<void>((resolve) => (gate.remote1 = resolve));
    const events: string[] = [];
    const run = mapDependent(
      items,
      2,
      (item) => needs[item] ?? [],
      rank,
      async (item) => {
        events.push(`start ${item}`);
        if (item === 'remote1') await remote1Released;
        events.push(`end ${item}`);
        // remote1 is held until distribution0 has run: no barrier between kinds.
        if (item === 'distribution0') gate.remote1();
      },
    );
    await run;
    expect(events.indexOf('end distribution0')).toBeLessThan(events.indexOf('end remote1'));
    for (const [item, deps] of Object.entries(needs))
      for (const d of deps) expect(events.indexOf(`end ${items[d]}`)).toBeLessThan(events.indexOf(`start ${item}`));
  });

  test('of the items ready at once, the highest priority starts first; never more than the limit run', async () => {
    const started: string[] = [];
    let running = 0;
    let most = 0;
    await mapDependent(
      ['remote0', 'remote1', 'remote2', 'repository0'],
      1,
      (item) => (item === 'repository0' ? [0] : []),
      rank,
      async (item) => {
        running++;
        most = Math.max(most, running);
        started.push(item);
        await sleep(1);
        running--;
      },
    );
    expect(started).toEqual(['remote0', 'repository0', 'remote1', 'remote2']);
    expect(most).toBe(1);
  });

  test('after a failure nothing new starts (neither dependants nor others), running items are awaited', async () => {
    const started: string[] = [];
    const error = new Error('remote0 refused');
    await expect(
      mapDependent(
        items,
        2,
        (item) => needs[item] ?? [],
        rank,
        async (item) => {
          started.push(item);
          if (item === 'remote0') throw error;
          await sleep(20);
        },
      ),
    ).rejects.toBe(error);
    expect(started.sort()).toEqual(['remote0', 'remote1']);
  });

  test('items that need each other are reported, not left hanging', async () => {
    await expect(
      mapDependent(
        ['a', 'b'],
        2,
        (_item, index) => [1 - index],
        () => 0,
        async () => undefined,
      ),
    ).rejects.toThrow('2 item(s) depend on each other in a cycle');
  });

  test('a limit that is not a positive integer is a RangeError', async () => {
    await expect(
      mapDependent(
        ['a'],
        0,
        () => [],
        () => 0,
        async () => undefined,
      ),
    ).rejects.toThrow(RangeError);
  });
});
