/** A worker for the pool's spec: sums, reports progress, fails, spins, dies or runs out of memory on request. */
import { workerData } from 'node:worker_threads';
import { serveWorkerTasks } from '../worker-pool';

export type ArithTask =
  | { op: 'sum'; values: number[] }
  | { op: 'fail'; message: string }
  | { op: 'spin' }
  | { op: 'die' }
  | { op: 'data' }
  | { op: 'hog' };

export default serveWorkerTasks<ArithTask, number | string>((task, progress) => {
  switch (task.op) {
    case 'sum':
      return task.values.reduce((acc, v, i) => {
        progress(i + 1);
        return acc + v;
      }, 0);
    case 'fail':
      throw new Error(task.message);
    case 'spin':
      for (;;) {
        /* only cancellation ends this */
      }
    case 'die':
      process.exit(3);
    case 'data':
      return String(workerData);
    case 'hog': {
      // Grows the heap until the worker's resource limits stop it.
      const held: number[][] = [];
      for (;;) held.push(new Array(1_000_000).fill(held.length));
    }
  }
});
