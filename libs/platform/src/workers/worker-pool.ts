import { isMainThread, MessageChannel, type MessagePort, type ResourceLimits } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { errorMessage } from '@imc/contracts';
import { workerLaunch } from './start-worker';

/** What the pool posts to a worker per task: the input, and a port for progress when the caller listens. */
interface PooledTask<I> {
  input: I;
  progress?: MessagePort;
}

/** On a task's progress port: what the task reports, then `end` once it has returned or thrown. */
type ProgressMessage = { kind: 'progress'; value: unknown } | { kind: 'end' };

export interface RunOptions {
  /** Called with whatever the task reports through its `progress` callback, all of it before run() settles. */
  onProgress?: (value: unknown) => void;
  /** Aborting a queued task drops it; aborting a running one terminates its worker (a fresh one replaces it). */
  signal?: AbortSignal;
}

export interface WorkerPoolOptions {
  /** Number of worker threads; started with the pool (pools are made when first needed). */
  size: number;
  /** Tasks that may wait for a worker; one more is refused with PoolBusyError. Default: no bound. */
  maxQueue?: number;
  /** Passed to each worker's `workerData`. */
  workerData?: unknown;
  /** Heap and stack limits of each worker; a worker that exceeds them fails its task and is replaced. */
  resourceLimits?: ResourceLimits;
}

/** A task that was cancelled through its AbortSignal, or dropped because the pool closed. */
export class TaskCancelledError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TaskCancelledError';
  }
}

/** A task refused because `maxQueue` tasks already wait for a worker. */
export class PoolBusyError extends Error {
  constructor(readonly queued: number) {
    super(`the worker pool's queue is full (${queued} waiting)`);
    this.name = 'PoolBusyError';
  }
}

/** piscina's refusals when its queue is full (errors.js: TaskQueueAtLimit, NoTaskQueueAvailable). */
const QUEUE_FULL = new Set(['Task queue is at limit', 'No task queue available and all Workers are busy']);

/**
 * A fixed-size pool of worker threads running one module (see `serveWorkerTasks`), so heavy
 * planning work never runs on a service's event loop: piscina underneath (queue, abort, resource
 * limits, transfer of the progress port). Tasks run first come, first served; a worker that dies
 * or is cancelled fails only the task it held and is replaced at once. Workers start with the pool
 * and are kept while it lives (the planning worker keeps its copy of the world and the components
 * it solved between tasks); idle ones are unref'd, so a command line tool exits when its work is
 * done even if it forgets `close()`.
 */
export class WorkerPool<I, O> {
  private readonly pool: Piscina<PooledTask<I>, O>;
  /** Tasks given to run() and not settled: running, or waiting for a worker. */
  private inFlight = 0;
  private closed = false;
  /**
   * Held while tasks are in flight: piscina refs a worker only once it is handed a task, so a task
   * waiting for a worker that is still starting would let the process exit under it.
   */
  private keepAlive: NodeJS.Timeout | undefined;

  constructor(
    entry: string,
    private readonly options: WorkerPoolOptions,
  ) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new RangeError(`worker pool size must be a positive integer, got ${options.size}`);
    }
    if (options.maxQueue !== undefined && (!Number.isInteger(options.maxQueue) || options.maxQueue < 0)) {
      throw new RangeError(`worker pool maxQueue must be a non-negative integer, got ${options.maxQueue}`);
    }
    const launch = workerLaunch(entry);
    this.pool = new Piscina<PooledTask<I>, O>({
      filename: launch.file,
      // All of them, always: piscina replaces a worker that died or was cancelled only up to
      // minThreads, and with fewer the tasks waiting for it would wait for the next run().
      minThreads: options.size,
      maxThreads: options.size,
      idleTimeout: Infinity,
      maxQueue: options.maxQueue ?? Infinity,
      concurrentTasksPerWorker: 1,
      // Message-driven workers: an idle worker blocked in Atomics.wait would stall what it still
      // runs in the background (the planning worker compiles HiGHS as it starts).
      atomics: 'disabled',
      recordTiming: false,
      workerData: options.workerData,
      resourceLimits: options.resourceLimits,
      ...(launch.execArgv ? { execArgv: launch.execArgv, env: launch.env } : {}),
    });
    // A worker that fails between tasks is replaced on demand; no task is lost, nothing to report.
    this.pool.on('error', () => undefined);
  }

  get size(): number {
    return this.options.size;
  }

  /** Tasks running now and tasks waiting for a worker (one starting counts as running, as it takes the task). */
  get load(): { running: number; queued: number } {
    const running = Math.min(this.inFlight, this.options.size);
    return { running, queued: this.inFlight - running };
  }

  async run(input: I, options: RunOptions = {}): Promise<O> {
    if (this.closed) throw new TaskCancelledError('worker pool is closed');
    if (options.signal?.aborted) throw new TaskCancelledError('cancelled before it started');
    const { onProgress } = options;
    const channel = onProgress ? new MessageChannel() : undefined;
    const ended = new Promise<void>((resolve) => {
      if (!channel || !onProgress) return resolve();
      channel.port1.on('message', (message: ProgressMessage) => {
        if (message.kind === 'end') resolve();
        else onProgress(message.value);
      });
    });
    this.inFlight++;
    this.keepAlive ??= setInterval(() => undefined, 1 << 30);
    try {
      const output = await this.pool.run({ input, progress: channel?.port2 }, { signal: options.signal, transferList: channel ? [channel.port2] : undefined });
      // The progress port is another channel than piscina's: its last reports may still be on their way.
      await ended;
      return output;
    } catch (error) {
      throw this.explain(error);
    } finally {
      this.inFlight--;
      channel?.port1.close();
      if (this.inFlight === 0) {
        clearInterval(this.keepAlive);
        this.keepAlive = undefined;
      }
    }
  }

  /** Terminates every worker; waiting and running tasks fail with TaskCancelledError. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.destroy();
  }

  private explain(error: unknown): Error {
    if (this.closed) return new TaskCancelledError('worker pool closed');
    if (error instanceof Error && error.name === 'AbortError') return new TaskCancelledError('cancelled');
    if (error instanceof Error && QUEUE_FULL.has(error.message)) return new PoolBusyError(this.pool.queueSize);
    return error instanceof Error ? error : new Error(errorMessage(error));
  }
}

/**
 * The worker side of a pool: a worker module's default export, `export default
 * serveWorkerTasks(handler)`. Each task's result (or thrown error, as its message) goes back to
 * the pool; `progress` reports along the way.
 */
export function serveWorkerTasks<I, O>(handler: (input: I, progress: (value: unknown) => void) => O | Promise<O>): (task: PooledTask<I>) => Promise<O> {
  if (isMainThread) throw new Error('serveWorkerTasks must run inside a worker thread');
  return async ({ input, progress }) => {
    try {
      return await handler(input, (value) => progress?.postMessage({ kind: 'progress', value } satisfies ProgressMessage));
    } catch (error) {
      throw new Error(errorMessage(error));
    } finally {
      progress?.postMessage({ kind: 'end' } satisfies ProgressMessage);
      progress?.close();
    }
  };
}
