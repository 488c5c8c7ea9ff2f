import { join } from 'node:path';
import type { Proposal } from '@imc/contracts';
import type { ScenarioLineIssue, WorldSnapshot } from '@imc/domain';
import type { Engine } from '@imc/optimizer';
import { WorkerPool } from '@imc/platform/workers/worker-pool';

/** One what-if: the world as it is, the caller's events as they came, the engine. */
export interface WhatIfTask {
  world: WorldSnapshot;
  scope: string;
  events: unknown[];
  engine?: Engine;
}

/**
 * What a what-if gives back: the events that are not valid input CloudEvents (by position, and
 * nothing planned), or the last proposal planned (none if nothing changed) and the refusals.
 */
export type WhatIfOutput =
  | { kind: 'invalid'; errors: { index: number; reason: string }[] }
  | { kind: 'planned'; proposal: Proposal | null; proposals: number; rejected: ScenarioLineIssue[]; notes: ScenarioLineIssue[]; /** The variant world's policy currency (a pasted policy may change it). */ currency: string };

/**
 * A pool of worker threads that plan what-ifs (see what-if.worker), off the API's event loop;
 * `maxQueue` what-ifs may wait for a worker, one more is refused (PoolBusyError).
 */
export function whatIfWorkerPool(size: number, maxQueue?: number): WorkerPool<WhatIfTask, WhatIfOutput> {
  return new WorkerPool<WhatIfTask, WhatIfOutput>(join(__dirname, 'what-if.worker'), { size, maxQueue });
}
