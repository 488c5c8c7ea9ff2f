import { join } from 'node:path';
import { resolveWorkerEntry } from './start-worker';
import { PoolBusyError, TaskCancelledError, WorkerPool } from './worker-pool';
import type { ArithTask } from './testing/arith.worker';

const ENTRY = join(__dirname, 'testing', 'arith.worker');

describe('WorkerPool (real worker threads on a .ts entry)', () => {
  let pool: WorkerPool<ArithTask, number | string>;
  beforeEach(() => {
    pool = new WorkerPool<ArithTask, number | string>(ENTRY, { size: 2, workerData: 'hello' });
  });
  afterEach(() => pool.close());

  it('runs tasks in workers and reports progress', async () => {
    const seen: unknown[] = [];
    const sum = await pool.run({ op: 'sum', values: [1, 2, 3] }, { onProgress: (v) => seen.push(v) });
    expect(sum).toBe(6);
    expect(seen).toEqual([1, 2, 3]);
    expect(await pool.run({ op: 'data' })).toBe('hello');
  }, 60_000);

  it('runs more tasks than workers, each with its own answer', async () => {
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => pool.run({ op: 'sum', values: [n, n] })));
    expect(answers).toEqual([2, 4, 6, 8, 10]);
  }, 60_000);

  it('fails only the task that threw', async () => {
    await expect(pool.run({ op: 'fail', message: 'no plan' })).rejects.toThrow('no plan');
    expect(await pool.run({ op: 'sum', values: [4] })).toBe(4);
  }, 60_000);

  it('replaces a worker that dies, failing its task only', async () => {
    await expect(pool.run({ op: 'die' })).rejects.toThrow(/exited with code:? 3/);
    expect(await pool.run({ op: 'sum', values: [7] })).toBe(7);
  }, 60_000);

  it('cancels a running task by terminating its worker, and a queued one by dropping it', async () => {
    const one = new WorkerPool<ArithTask, number | string>(ENTRY, { size: 1 });
    try {
      const running = new AbortController();
      const queued = new AbortController();
      const spin = one.run({ op: 'spin' }, { signal: running.signal });
      const waiting = one.run({ op: 'sum', values: [1] }, { signal: queued.signal });
      expect(one.load).toEqual({ running: 1, queued: 1 });
      queued.abort();
      await expect(waiting).rejects.toBeInstanceOf(TaskCancelledError);
      running.abort();
      await expect(spin).rejects.toBeInstanceOf(TaskCancelledError);
      expect(await one.run({ op: 'sum', values: [2, 2] })).toBe(4);
    } finally {
      await one.close();
    }
  }, 60_000);

  it('refuses a task beyond its queue maximum, and takes tasks again once the queue drains', async () => {
    const bounded = new WorkerPool<ArithTask, number | string>(ENTRY, { size: 1, maxQueue: 1 });
    try {
      // A worker that is ready: while one starts, piscina lets it count for one more waiting task.
      expect(await bounded.run({ op: 'sum', values: [0] })).toBe(0);
      const stop = new AbortController();
      const spin = bounded.run({ op: 'spin' }, { signal: stop.signal });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const waiting = bounded.run({ op: 'sum', values: [3] });
      await expect(bounded.run({ op: 'sum', values: [5] })).rejects.toBeInstanceOf(PoolBusyError);
      expect(bounded.load).toEqual({ running: 1, queued: 1 });
      stop.abort();
      await expect(spin).rejects.toBeInstanceOf(TaskCancelledError);
      expect(await waiting).toBe(3);
      expect(await bounded.run({ op: 'sum', values: [5] })).toBe(5);
    } finally {
      await bounded.close();
    }
  }, 60_000);

  it('fails a task whose worker outgrows its resource limits, and goes on with a fresh worker', async () => {
    const small = new WorkerPool<ArithTask, number | string>(ENTRY, { size: 1, resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 } });
    try {
      await expect(small.run({ op: 'hog' })).rejects.toThrow(/out of memory|ERR_WORKER_OUT_OF_MEMORY/i);
      expect(await small.run({ op: 'sum', values: [1, 1] })).toBe(2);
    } finally {
      await small.close();
    }
  }, 60_000);

  it('fails the tasks still running or waiting when it closes', async () => {
    const one = new WorkerPool<ArithTask, number | string>(ENTRY, { size: 1 });
    const spin = expect(one.run({ op: 'spin' })).rejects.toBeInstanceOf(TaskCancelledError);
    const waiting = expect(one.run({ op: 'sum', values: [1] })).rejects.toBeInstanceOf(TaskCancelledError);
    await one.close();
    await spin;
    await waiting;
  }, 60_000);

  it('refuses work once closed and a size that is not a positive integer', async () => {
    await pool.close();
    await expect(pool.run({ op: 'sum', values: [1] })).rejects.toBeInstanceOf(TaskCancelledError);
    expect(() => new WorkerPool(ENTRY, { size: 0 })).toThrow(RangeError);
    expect(() => new WorkerPool(ENTRY, { size: 1.5 })).toThrow(RangeError);
    expect(() => new WorkerPool(ENTRY, { size: 1, maxQueue: -1 })).toThrow(RangeError);
  });

  it('names both candidate files when an entry does not exist', () => {
    expect(() => resolveWorkerEntry(join(__dirname, 'nope'))).toThrow(/nope\.js nor .*nope\.ts/);
    expect(resolveWorkerEntry(ENTRY)).toMatch(/arith\.worker\.ts$/);
  });
});
