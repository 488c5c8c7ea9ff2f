import { parentPort, type Worker, type WorkerOptions } from 'node:worker_threads';
import { startWorker } from './start-worker';
import { errorMessage } from '@imc/contracts';

/** Messages between a pool and its workers; one task at a time per worker. */
type ToWorker<I> = { kind: 'task'; id: number; input: I };
type FromWorker<O> =
  | { kind: 'progress'; id: number; value: unknown }
  | { kind: 'done'; id: number; output: O }
  | { kind: 'failed'; id: number; message: string };

export interface RunOptions {
  /** Called with whatever the task reports through its `progress` callback. */
  onProgress?: (value: unknown) => void;
  /** Aborting a queued task drops it; aborting a running one terminates its worker (a fresh one replaces it). */
  signal?: AbortSignal;
}

export interface WorkerPoolOptions {
  /** Number of worker threads at most; started lazily, when tasks wait. */
  size: number;
  /** Passed to each worker's `workerData`. */
  workerData?: unknown;
  resourceLimits?: WorkerOptions['resourceLimits'];
}

interface Task<I, O> {
  id: number;
  input: I;
  options: RunOptions;
  resolve: (output: O) => void;
  reject: (error: Error) => void;
  onAbort?: () => void;
}

interface Slot<I, O> {
  worker: Worker;
  task?: Task<I, O>;
}

/** A task that was cancelled through its AbortSignal, or dropped because the pool closed. */
export class TaskCancelledError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'TaskCancelledError';
  }
}

/**
 * A fixed-size pool of worker threads running one module (see `serveWorkerTasks`), so heavy
 * planning work never runs on a service's event loop. Tasks run first come, first served; a
 * worker that dies fails only the task it held and is replaced on demand. Idle workers are
 * unref'd, so a command line tool exits when its work is done even if it forgets `close()`.
 */
export class WorkerPool<I, O> {
  private readonly slots: Slot<I, O>[] = [];
  private readonly queue: Task<I, O>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly entry: string,
    private readonly options: WorkerPoolOptions,
  ) {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new RangeError(`worker pool size must be a positive integer, got ${options.size}`);
    }
  }

  get size(): number {
    return this.options.size;
  }

  /** Tasks running now and tasks waiting for a worker. */
  get load(): { running: number; queued: number } {
    return { running: this.slots.filter((s) => s.task).length, queued: this.queue.length };
  }

  run(input: I, options: RunOptions = {}): Promise<O> {
    if (this.closed) return Promise.reject(new TaskCancelledError('worker pool is closed'));
    if (options.signal?.aborted) return Promise.reject(new TaskCancelledError('cancelled before it started'));
    return new Promise<O>((resolve, reject) => {
      const task: Task<I, O> = { id: this.nextId++, input, options, resolve, reject };
      if (options.signal) {
        task.onAbort = () => this.cancel(task);
        options.signal.addEventListener('abort', task.onAbort, { once: true });
      }
      this.queue.push(task);
      this.dispatch();
    });
  }

  /** Terminates every worker; waiting and running tasks fail with TaskCancelledError. */
  async close(): Promise<void> {
    this.closed = true;
    for (const task of this.queue.splice(0)) this.settle(task, new TaskCancelledError('worker pool closed'));
    const slots = this.slots.splice(0);
    for (const slot of slots) if (slot.task) this.settle(slot.task, new TaskCancelledError('worker pool closed'));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.task);
      if (!slot) {
        if (this.slots.length >= this.options.size) return;
        slot = this.spawn();
      }
      const task = this.queue.shift()!;
      slot.task = task;
      slot.worker.ref();
      const message: ToWorker<I> = { kind: 'task', id: task.id, input: task.input };
      slot.worker.postMessage(message);
    }
  }

  private spawn(): Slot<I, O> {
    const worker = startWorker(this.entry, {
      workerData: this.options.workerData,
      resourceLimits: this.options.resourceLimits,
    });
    const slot: Slot<I, O> = { worker };
    this.slots.push(slot);
    worker.on('message', (message: FromWorker<O>) => this.onMessage(slot, message));
    worker.on('error', (error) => this.onExit(slot, error));
    worker.on('exit', (code) => this.onExit(slot, new Error(`worker exited with code ${code}`)));
    worker.unref();
    return slot;
  }

  private onMessage(slot: Slot<I, O>, message: FromWorker<O>): void {
    const task = slot.task;
    if (!task || task.id !== message.id) return;
    if (message.kind === 'progress') {
      task.options.onProgress?.(message.value);
      return;
    }
    slot.task = undefined;
    slot.worker.unref();
    if (message.kind === 'done') this.settle(task, undefined, message.output);
    else this.settle(task, new Error(message.message));
    this.dispatch();
  }

  /** A worker that errs or exits leaves the pool; its task fails; others go on. */
  private onExit(slot: Slot<I, O>, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    if (slot.task) this.settle(slot.task, error);
    slot.task = undefined;
    void slot.worker.terminate();
    if (!this.closed) this.dispatch();
  }

  private cancel(task: Task<I, O>): void {
    const queued = this.queue.indexOf(task);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(task, new TaskCancelledError('cancelled'));
      return;
    }
    const slot = this.slots.find((s) => s.task === task);
    if (!slot) return;
    // A synchronous solve cannot be interrupted from outside: the worker goes, a fresh one comes.
    this.slots.splice(this.slots.indexOf(slot), 1);
    slot.task = undefined;
    this.settle(task, new TaskCancelledError('cancelled'));
    void slot.worker.terminate();
    // Later: one signal often cancels a whole job, and its other listeners (run synchronously
    // after this one) drop the job's queued tasks; dispatching now would start a worker for each
    // of them only to terminate it again, thousands of times for a big job.
    queueMicrotask(() => {
      if (!this.closed) this.dispatch();
    });
  }

  private settle(task: Task<I, O>, error?: Error, output?: O): void {
    if (task.onAbort) task.options.signal?.removeEventListener('abort', task.onAbort);
    if (error) task.reject(error);
    else task.resolve(output as O);
  }
}

/**
 * The worker side of a pool: call once at the top level of a worker module. Each task's result
 * (or thrown error, as its message) goes back to the pool; `progress` reports along the way.
 */
export function serveWorkerTasks<I, O>(handler: (input: I, progress: (value: unknown) => void) => O | Promise<O>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerTasks must run inside a worker thread');
  port.on('message', async (message: ToWorker<I>) => {
    if (message?.kind !== 'task') return;
    const { id } = message;
    const reply = (value: FromWorker<O>) => port.postMessage(value);
    try {
      const output = await handler(message.input, (value) => reply({ kind: 'progress', id, value }));
      reply({ kind: 'done', id, output });
    } catch (error) {
      reply({ kind: 'failed', id, message: errorMessage(error) });
    }
  });
}
