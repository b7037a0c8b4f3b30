// Bounded concurrency for operations that run one Pulp call chain per repository or image.

/**
 * Maps `items` through `run`, at most `limit` at a time, results in input order. After a failure nothing new
 * starts; the calls already running are awaited, then the first error is thrown (so no work is left
 * running behind the caller's back).
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await run(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}

/**
 * Runs every item once, at most `limit` at a time, each only after the items it depends on (indexes from
 * `dependsOn`) have finished: a chain such as remote -> repository -> distribution moves on as soon as its
 * own links exist, instead of waiting for every object of a kind (a phase barrier). Of the items ready at
 * once, the highest `priority` starts first (callers put long chains' ends first, so that the slow part,
 * e.g. Pulp's task queue, is fed early). An item waits outside the pool, so waiting never holds a slot.
 * Failure as in mapConcurrent: nothing new starts, the running items are awaited, the first error is thrown.
 */
export async function mapDependent<T>(
  items: readonly T[],
  limit: number,
  dependsOn: (item: T, index: number) => readonly number[],
  priority: (item: T) => number,
  run: (item: T, index: number) => Promise<void>,
): Promise<void> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  const waitingOn = items.map((item, index) => new Set(dependsOn(item, index).filter((d) => d !== index)));
  const dependants = items.map(() => [] as number[]);
  waitingOn.forEach((deps, index) => deps.forEach((d) => dependants[d].push(index)));
  // Ready items by priority, each list in input order (a stable pick without sorting on every start).
  const ready = new Map<number, number[]>();
  const makeReady = (index: number) => {
    const p = priority(items[index]);
    if (!ready.has(p)) ready.set(p, []);
    ready.get(p)!.push(index);
  };
  waitingOn.forEach((deps, index) => deps.size === 0 && makeReady(index));
  const next = (): number | undefined => {
    const top = Math.max(...[...ready.keys()].filter((p) => ready.get(p)!.length > 0));
    return Number.isFinite(top) ? ready.get(top)!.shift() : undefined;
  };
  let failure: { error: unknown } | undefined;
  let running = 0;
  let done = 0;
  await new Promise<void>((settle) => {
    const fill = () => {
      while (!failure && running < limit) {
        const index = next();
        if (index === undefined) break;
        running++;
        // Started in a microtask: a run that throws before its first await fails like one that rejects.
        Promise.resolve()
          .then(() => run(items[index], index))
          .then(
            () => finish(index),
            (error) => {
              failure ??= { error };
              finish(undefined);
            },
          );
      }
      if (running === 0) settle(); // all done, failed, or the rest wait on each other (reported below)
    };
    const finish = (index: number | undefined) => {
      running--;
      if (index !== undefined) {
        done++;
        for (const d of dependants[index]) {
          waitingOn[d].delete(index);
          if (waitingOn[d].size === 0) makeReady(d);
        }
      }
      fill();
    };
    fill();
  });
  if (failure) throw failure.error;
  if (done < items.length) throw new Error(`${items.length - done} item(s) depend on each other in a cycle`);
}
